import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

/** Files listed in the dialog before "and N more". */
const LISTED = 50;

/**
 * The body of "Restore Folder": what happens, the files created since the checkpoint, and the
 * choice to move those to the trash. Its value is that choice.
 */
export class RestoreFolderBody
  extends Widget
  implements Dialog.IBodyWidget<boolean>
{
  constructor(options: {
    folder: string;
    when: string;
    added: readonly string[];
    trans: TranslationBundle;
  }) {
    super();
    const { folder, when, added, trans } = options;
    this.addClass('jp-checkpoints-restoreFolder');
    const intro = document.createElement('p');
    intro.textContent = trans.__(
      'Every file of %1 returns to its state of %2. A checkpoint of the folder as it is now is made first, so this can be undone.',
      folder,
      when
    );
    this.node.appendChild(intro);
    this._box = document.createElement('input');
    this._box.type = 'checkbox';
    if (added.length === 0) {
      const none = document.createElement('p');
      none.textContent = trans.__('No file was created since.');
      this.node.appendChild(none);
      return;
    }
    const heading = document.createElement('p');
    heading.id = `jp-checkpoints-added-${Date.now()}`;
    heading.textContent = trans._n(
      '%1 file was created since:',
      '%1 files were created since:',
      added.length
    );
    this.node.appendChild(heading);
    const list = document.createElement('ul');
    list.className = 'jp-checkpoints-addedList';
    list.setAttribute('aria-labelledby', heading.id);
    for (const path of added.slice(0, LISTED)) {
      const item = document.createElement('li');
      item.textContent = path;
      list.appendChild(item);
    }
    if (added.length > LISTED) {
      const more = document.createElement('li');
      more.textContent = trans.__('and %1 more', added.length - LISTED);
      list.appendChild(more);
    }
    this.node.appendChild(list);
    const label = document.createElement('label');
    label.className = 'jp-checkpoints-trashAdded';
    label.appendChild(this._box);
    label.appendChild(
      document.createTextNode(
        ' ' + trans.__('Also move files created since to the trash')
      )
    );
    this.node.appendChild(label);
  }

  getValue(): boolean {
    return this._box.checked;
  }

  private _box: HTMLInputElement;
}
