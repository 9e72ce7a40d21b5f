import { TranslationBundle } from '@jupyterlab/translation';
import { fileIcon, folderIcon, ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { FolderSubject, PanelMode } from '../../model/folderSubject';

/**
 * The panel's File/Folder switch: one radio group, one Tab stop, the arrow keys move between the
 * two (the ARIA radio group pattern).
 */
export class ModeSwitch extends ReactWidget {
  constructor(
    private _subject: FolderSubject,
    private _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-checkpoints-modeSwitch');
    _subject.changed.connect(() => this.update());
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const mode = this._subject.mode;
    const options: { mode: PanelMode; label: string; title: string }[] = [
      {
        mode: 'file',
        label: trans.__('File'),
        title: trans.__("The current document's checkpoints")
      },
      {
        mode: 'folder',
        label: trans.__('Folder'),
        title:
          this._subject.source === 'document'
            ? trans.__("The checkpoints of this document's folder")
            : trans.__("The file browser's current folder's checkpoints")
      }
    ];
    const choose = (next: PanelMode, focus: boolean) => {
      this._subject.setMode(next);
      if (focus) {
        // After the re-render, the checked option takes the focus with the Tab stop.
        requestAnimationFrame(() =>
          this.node.querySelector<HTMLElement>(`[data-mode="${next}"]`)?.focus()
        );
      }
    };
    return (
      <div
        role="radiogroup"
        aria-label={trans.__('Show checkpoints of')}
        onKeyDown={event => {
          if (
            ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(
              event.key
            )
          ) {
            event.preventDefault();
            choose(mode === 'file' ? 'folder' : 'file', true);
          }
        }}
      >
        {options.map(o => {
          const Icon = o.mode === 'file' ? fileIcon : folderIcon;
          const checked = o.mode === mode;
          return (
            <button
              key={o.mode}
              role="radio"
              aria-checked={checked}
              tabIndex={checked ? 0 : -1}
              data-mode={o.mode}
              title={o.title}
              className={`jp-checkpoints-modeOption${checked ? ' jp-mod-active' : ''}`}
              onClick={() => choose(o.mode, false)}
            >
              <Icon.react tag="span" className="jp-checkpoints-modeIcon" />
              {o.label}
            </button>
          );
        })}
      </div>
    );
  }
}
