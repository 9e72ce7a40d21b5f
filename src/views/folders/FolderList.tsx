import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  addIcon,
  deleteIcon,
  editIcon,
  VDomRenderer
} from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { IFolderCheckpoint } from '../../client/foldersClient';
import { CommandIDs } from '../../commandIds';
import { pinIcon, previewIcon } from '../../icons';
import { kindIcon, kindLabel } from '../../kinds';
import { FolderCheckpointsModel } from '../../model/folderCheckpointsModel';
import { EntryIcon, EntryMeta, EntryTitle } from '../EntryHead';
import { formatSize } from '../format';
import { IconButton } from '../IconButton';
import { moveFocus } from '../listKeys';

/** How often relative times ("5 minutes ago") are refreshed. */
const CLOCK_MS = 30000;

/** The file kinds' names and icons serve folders too: the same look for the same meaning. */
function fileKind(c: IFolderCheckpoint) {
  return c.kind === 'automatic' ? 'auto' : c.kind;
}

/** The label, or the kind and the time. */
export function folderCheckpointTitle(
  c: IFolderCheckpoint,
  trans: TranslationBundle
): string {
  if (c.label) {
    return c.label;
  }
  const time = new Date(c.created).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit'
  });
  return trans.__('%1 checkpoint · %2', kindLabel(fileKind(c), trans), time);
}

/**
 * The panel in Folder mode: the file browser's current folder and its checkpoints, newest first,
 * each with the actions of a file's checkpoint (preview, pin, rename, delete).
 */
export class FolderList extends VDomRenderer<FolderCheckpointsModel> {
  constructor(options: {
    model: FolderCheckpointsModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }) {
    super(options.model);
    this._commands = options.commands;
    this._trans = options.trans;
    this.addClass('jp-checkpoints-body');
    this.addClass('jp-checkpoints-folderBody');
    this._clock = window.setInterval(() => this.update(), CLOCK_MS);
  }

  dispose(): void {
    window.clearInterval(this._clock);
    super.dispose();
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    const path = model.path ?? '';
    const name = PathExt.basename(path) || trans.__('(root folder)');
    return (
      <>
        <div className="jp-checkpoints-folderName" title={'/' + path}>
          {name}
        </div>
        <div className="jp-checkpoints-filters">
          <button
            className="jp-checkpoints-chip jp-checkpoints-createFolder"
            onClick={() =>
              void this._commands.execute(CommandIDs.createFolder, { path })
            }
          >
            <addIcon.react tag="span" className="jp-checkpoints-chipIcon" />
            {trans.__('Checkpoint Folder')}
          </button>
        </div>
        {model.error && (
          <div className="jp-checkpoints-error" role="alert">
            {model.error}
          </div>
        )}
        {model.checkpoints.length === 0 && !model.loading && !model.error ? (
          <div className="jp-checkpoints-empty">
            <p>{trans.__('This folder has no checkpoints yet.')}</p>
            <p>
              {trans.__(
                'A folder checkpoint records every file in it and below it at once.'
              )}
            </p>
          </div>
        ) : (
          <ul
            className="jp-checkpoints-list"
            role="listbox"
            aria-label={trans.__('Checkpoints of folder %1', name)}
            onKeyDown={this._onKeyDown}
          >
            {model.checkpoints.map((c, i) => this._item(c, i))}
          </ul>
        )}
      </>
    );
  }

  private _item(c: IFolderCheckpoint, index: number): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    const kind = kindLabel(fileKind(c), trans);
    const title = folderCheckpointTitle(c, trans);
    const exact = new Date(c.created).toLocaleString();
    const selected = model.selectedId === c.id;
    const tabbable = selected || (!model.selectedId && index === 0);
    const args = { path: model.path ?? '', id: c.id };
    const run = (command: string) => (event: React.MouseEvent) => {
      event.stopPropagation();
      model.selectedId = c.id;
      void this._commands.execute(command, args);
    };
    const files = trans._n('%1 file', '%1 files', c.files);
    return (
      <li
        key={c.id}
        className={`jp-checkpoints-folderItem jp-checkpoints-kind-${fileKind(c)}${selected ? ' jp-mod-selected' : ''}`}
        role="option"
        aria-selected={selected}
        aria-label={`${title}, ${kind}, ${exact}, ${files}${c.pinned ? ', ' + trans.__('pinned') : ''}`}
        tabIndex={tabbable ? 0 : -1}
        data-folder-checkpoint-id={c.id}
        data-path={model.path ?? ''}
        onClick={() => (model.selectedId = c.id)}
        onDoubleClick={run(CommandIDs.folderPreview)}
      >
        <EntryIcon icon={kindIcon(fileKind(c))} kind={kind} />
        <div className="jp-checkpoints-itemBody">
          <EntryTitle title={title} pinned={c.pinned} trans={trans} />
          <EntryMeta kind={kind} time={c.created}>
            <span aria-hidden="true"> · </span>
            <span>{files}</span>
            <span aria-hidden="true"> · </span>
            <span>{formatSize(c.size)}</span>
            {c.skipped.length > 0 && (
              <span
                className="jp-checkpoints-skipped"
                title={c.skipped.map(s => `${s.path}: ${s.reason}`).join('\n')}
              >
                <span aria-hidden="true"> · </span>
                {trans.__('%1 skipped', c.skipped.length)}
              </span>
            )}
          </EntryMeta>
        </div>
        <div className="jp-checkpoints-actions">
          <IconButton
            icon={previewIcon}
            label={trans.__('Preview')}
            title={trans.__('Preview: the files, compared with now')}
            tabIndex={-1}
            onClick={run(CommandIDs.folderPreview)}
          />
          <IconButton
            icon={pinIcon}
            label={c.pinned ? trans.__('Unpin') : trans.__('Pin')}
            pressed={c.pinned}
            tabIndex={-1}
            onClick={run(
              c.pinned ? CommandIDs.folderUnpin : CommandIDs.folderPin
            )}
          />
          {c.pinned && (
            <IconButton
              icon={editIcon}
              label={trans.__('Rename')}
              tabIndex={-1}
              onClick={run(CommandIDs.folderRename)}
            />
          )}
          <IconButton
            icon={deleteIcon}
            label={trans.__('Delete')}
            tabIndex={-1}
            onClick={run(CommandIDs.folderDelete)}
          />
        </div>
      </li>
    );
  }

  /** The keys of the file list: arrows move, Enter previews, Delete deletes. */
  private _onKeyDown = (event: React.KeyboardEvent): void => {
    const items = Array.from(
      this.node.querySelectorAll<HTMLElement>('.jp-checkpoints-folderItem')
    );
    const index = items.indexOf(document.activeElement as HTMLElement);
    const id = index >= 0 ? items[index].dataset.folderCheckpointId : undefined;
    const args = { path: this.model.path ?? '', id };
    const focused = moveFocus(event, items, index);
    if (focused) {
      this.model.selectedId = focused.dataset.folderCheckpointId ?? null;
      return;
    }
    switch (event.key) {
      case 'Enter':
        if (id) {
          void this._commands.execute(CommandIDs.folderPreview, args);
        }
        break;
      case 'Delete':
        if (id) {
          void this._commands.execute(CommandIDs.folderDelete, args);
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  private _commands: CommandRegistry;
  private _trans: TranslationBundle;
  private _clock: number;
}
