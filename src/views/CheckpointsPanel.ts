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

  private _list: CheckpointList;
}

export namespace CheckpointsPanel {
  export type IOptions = CheckpointList.IOptions;
}
