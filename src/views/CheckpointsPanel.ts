import { SidePanel } from '@jupyterlab/ui-components';
import { Panel, Widget } from '@lumino/widgets';
import { checkpointsIcon } from '../icons';
import { CheckpointList } from './CheckpointList';

/**
 * The Checkpoints side panel: a title, a toolbar users can customise (see `panelToolbarItems`),
 * and the list of the current document's checkpoints.
 */
export class CheckpointsPanel extends SidePanel {
  constructor(options: CheckpointsPanel.IOptions) {
    const list = new CheckpointList(options);
    const content = new Panel();
    content.addWidget(list);
    super({ content });
    const { trans } = options;
    this._list = list;
    this.id = 'jp-checkpoints-panel';
    this.addClass('jp-checkpoints-panel');
    this.title.icon = checkpointsIcon;
    this.title.caption = trans.__('Checkpoints');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('Checkpoints panel'));

    const heading = document.createElement('h2');
    heading.className = 'jp-checkpoints-title';
    heading.textContent = trans.__('Checkpoints');
    this.header.addWidget(new Widget({ node: heading }));
    this.toolbar.node.setAttribute(
      'aria-label',
      trans.__('Checkpoint actions')
    );
  }

  /** Move keyboard focus to the selected (or first) checkpoint. */
  focusList(): void {
    this._list.focusList();
  }

  /**
   * Add the File/Folder switch under the title and the folder list beside the file list. Folder
   * mode hides the file list and its toolbar, whose actions are the current document's.
   */
  addFolderMode(modeSwitch: Widget, folderList: Widget): void {
    this.header.addWidget(modeSwitch);
    folderList.hide();
    this.content.addWidget(folderList);
    this._folderList = folderList;
  }

  /** Show the folder list (true) or the current document's checkpoints (false). */
  setFolderMode(on: boolean): void {
    this._list.setHidden(on);
    this.toolbar.setHidden(on);
    this._folderList?.setHidden(!on);
    this.toggleClass('jp-checkpoints-mod-folder', on);
  }

  private _list: CheckpointList;
  private _folderList: Widget | null = null;
}

export namespace CheckpointsPanel {
  export type IOptions = CheckpointList.IOptions;
}
