import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  addIcon,
  deleteIcon,
  editIcon,
  ellipsesIcon,
  refreshIcon,
  undoIcon,
  VDomRenderer
} from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { ItemCommandIDs } from '../commands/itemCommandIds';
import { CommandIDs } from '../commandIds';
import { deletedFilesIcon, kindIcon, pinIcon } from '../icons';
import { CheckpointsModel } from '../model/checkpointsModel';
import { ICheckpoint } from '../tokens';
import { DeletedFilesView } from './DeletedFilesView';
import { IconButton } from './IconButton';
import { checkpointTitle, formatSize, kindLabel, relativeTime } from './format';

/** How often relative times ("5 minutes ago") are refreshed. */
const CLOCK_MS = 30000;

/**
 * The Checkpoints side panel: the current document's checkpoints, newest first.
 */
export class CheckpointsPanel extends VDomRenderer<CheckpointsModel> {
  constructor(options: CheckpointsPanel.IOptions) {
    super(options.model);
    this._commands = options.commands;
    this._trans = options.trans;
    this.addClass('jp-checkpoints-panel');
    this.id = 'jp-checkpoints-panel';
    this._clock = window.setInterval(() => this.update(), CLOCK_MS);
  }

  dispose(): void {
    window.clearInterval(this._clock);
    super.dispose();
  }

  /** Show the kept checkpoints of deleted files instead of the current document's. */
  get showDeleted(): boolean {
    return this._showDeleted;
  }

  set showDeleted(value: boolean) {
    this._showDeleted = value;
    this.update();
  }

  /** Move keyboard focus to the selected (or first) checkpoint. */
  focusList(): void {
    const items = this._items();
    const selected = items.find(
      i => i.getAttribute('aria-selected') === 'true'
    );
    (selected ?? items[0] ?? this.node).focus();
  }

  /** The create button's tooltip, with the shortcut as the user has it (remappable, Cmd on macOS). */
  private _createTitle(): string {
    const binding = this._commands.keyBindings.find(
      b => b.command === CommandIDs.create
    );
    return binding
      ? this._trans.__(
          'Create a checkpoint (%1)',
          binding.keys.map(CommandRegistry.formatKeystroke).join(', ')
        )
      : this._trans.__('Create a checkpoint');
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    return (
      <>
        <div className="jp-checkpoints-header">
          <h2 className="jp-checkpoints-title">{trans.__('Checkpoints')}</h2>
          <div
            className="jp-checkpoints-toolbar"
            role="toolbar"
            aria-label={trans.__('Checkpoint actions')}
          >
            <IconButton
              icon={addIcon}
              label={trans.__('Create checkpoint')}
              title={this._createTitle()}
              disabled={!model.path}
              onClick={() => void this._commands.execute(CommandIDs.create)}
            />
            <IconButton
              icon={refreshIcon}
              label={trans.__('Refresh')}
              onClick={() => void model.refresh()}
            />
            {model.hasServerPart && (
              <IconButton
                icon={deletedFilesIcon}
                label={trans.__('Deleted files')}
                title={trans.__('Checkpoints kept for deleted files')}
                pressed={this._showDeleted}
                onClick={() => (this.showDeleted = !this._showDeleted)}
              />
            )}
          </div>
        </div>
        {this._showDeleted ? (
          <DeletedFilesView
            service={model.service}
            commands={this._commands}
            trans={trans}
          />
        ) : (
          this._renderDocument()
        )}
      </>
    );
  }

  private _renderDocument(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    if (!model.path) {
      return (
        <div className="jp-checkpoints-empty">
          <p>{trans.__('No document is open.')}</p>
          <p>
            {trans.__('Open a notebook or a text file to see its checkpoints.')}
          </p>
        </div>
      );
    }
    const visible = model.visible;
    return (
      <>
        <div className="jp-checkpoints-document" title={model.path}>
          {PathExt.basename(model.path)}
        </div>
        {this._renderFilters()}
        {this._renderLimits()}
        {model.error && (
          <div className="jp-checkpoints-error" role="alert">
            {model.error}
          </div>
        )}
        {model.checkpoints.length === 0 && !model.loading && !model.error ? (
          <div className="jp-checkpoints-empty">
            <p>{trans.__('No checkpoints yet.')}</p>
            <p>{trans.__('Press Ctrl+K (Cmd+K on macOS) to create one.')}</p>
          </div>
        ) : visible.length === 0 && !model.loading ? (
          <div className="jp-checkpoints-empty">
            <p>{trans.__('No checkpoint matches the filters.')}</p>
          </div>
        ) : (
          <ul
            className="jp-checkpoints-list"
            role="listbox"
            aria-label={trans.__('Checkpoints of %1', model.path)}
            onKeyDown={this._onKeyDown}
          >
            {visible.map(c => this._renderItem(c))}
          </ul>
        )}
      </>
    );
  }

  private _renderFilters(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    const { failuresOnly, pinnedOnly, text } = model.filters;
    return (
      <div className="jp-checkpoints-filters">
        <input
          className="jp-checkpoints-search jp-mod-styled"
          type="search"
          placeholder={trans.__('Filter by label')}
          aria-label={trans.__('Filter by label')}
          value={text}
          onChange={e => model.setFilters({ text: e.currentTarget.value })}
        />
        <button
          className={`jp-checkpoints-chip${failuresOnly ? ' jp-mod-active' : ''}`}
          aria-pressed={failuresOnly}
          onClick={() => model.setFilters({ failuresOnly: !failuresOnly })}
        >
          {trans.__('Failures only')}
        </button>
        {model.hasServerPart && (
          <button
            className={`jp-checkpoints-chip${pinnedOnly ? ' jp-mod-active' : ''}`}
            aria-pressed={pinnedOnly}
            onClick={() => model.setFilters({ pinnedOnly: !pinnedOnly })}
          >
            {trans.__('Pinned only')}
          </button>
        )}
      </div>
    );
  }

  private _renderLimits(): React.ReactElement | null {
    const trans = this._trans;
    const limits = this.model.limits;
    if (!limits) {
      return (
        <div className="jp-checkpoints-limits">
          {trans.__(
            'This server keeps one checkpoint per file; install jupyterlab_checkpoints on the server for a history.'
          )}
        </div>
      );
    }
    const full = limits.unpinned >= limits.maxUnpinned;
    const pinFull = limits.pinned >= limits.maxPinned;
    return (
      <div className="jp-checkpoints-limits" aria-live="polite">
        {/* Retention counts every unpinned checkpoint (manual, save, automatic) against one limit. */}
        <span
          title={trans.__(
            'Unpinned checkpoints (manual, on save, automatic) share one limit; the oldest goes first. Pinned ones are never dropped.'
          )}
        >
          {trans.__(
            '%1 of %2 unpinned, %3 of %4 pinned',
            limits.unpinned,
            limits.maxUnpinned,
            limits.pinned,
            limits.maxPinned
          )}
        </span>
        {full && (
          <span className="jp-checkpoints-hint">
            {trans.__(
              'Full: the oldest unpinned checkpoint is dropped when a new one is made. Pin one to keep it.'
            )}
          </span>
        )}
        {pinFull && (
          <span className="jp-checkpoints-hint">
            {trans.__(
              'Pinned limit reached: unpin one before pinning another.'
            )}
          </span>
        )}
      </div>
    );
  }

  private _renderItem(c: ICheckpoint): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    const Icon = kindIcon(c.kind);
    const title = checkpointTitle(c, trans);
    const exact = new Date(c.lastModified).toLocaleString();
    const selected = model.selectedId === c.id;
    const limits = model.limits;
    const canPin = !limits || limits.pinned < limits.maxPinned;
    const run = (command: string) => (event: React.MouseEvent) => {
      event.stopPropagation();
      // The row in use stays selected, so its actions stay shown after a dialog closes.
      model.selectedId = c.id;
      void this._commands.execute(command, { id: c.id });
    };
    return (
      <li
        key={c.id}
        className={`jp-checkpoints-item jp-checkpoints-kind-${c.kind}${selected ? ' jp-mod-selected' : ''}`}
        role="option"
        aria-selected={selected}
        aria-label={`${title}, ${kindLabel(c.kind, trans)}, ${exact}${c.pinned ? ', ' + trans.__('pinned') : ''}`}
        tabIndex={
          selected || (!model.selectedId && c === model.visible[0]) ? 0 : -1
        }
        data-checkpoint-id={c.id}
        data-path={model.path ?? ''}
        onClick={() => (model.selectedId = c.id)}
      >
        <span
          className="jp-checkpoints-kindIcon"
          title={kindLabel(c.kind, trans)}
        >
          <Icon.react tag="span" />
        </span>
        <div className="jp-checkpoints-itemBody">
          <div className="jp-checkpoints-itemTitle">
            <span className="jp-checkpoints-label">{title}</span>
            {c.pinned && (
              <span
                className="jp-checkpoints-pinMark"
                title={trans.__('Pinned: never dropped automatically')}
              >
                <pinIcon.react tag="span" />
              </span>
            )}
          </div>
          <div className="jp-checkpoints-meta">
            <span className="jp-checkpoints-kind">
              {kindLabel(c.kind, trans)}
            </span>
            <span aria-hidden="true"> · </span>
            <time dateTime={c.lastModified} title={exact}>
              {relativeTime(c.lastModified, Date.now())}
            </time>
            {c.size !== null && (
              <>
                <span aria-hidden="true"> · </span>
                <span>{formatSize(c.size)}</span>
              </>
            )}
          </div>
        </div>
        <div className="jp-checkpoints-actions">
          <IconButton
            icon={undoIcon}
            label={trans.__('Restore')}
            title={trans.__(
              'Restore this checkpoint (the current state is kept first)'
            )}
            tabIndex={-1}
            onClick={run(ItemCommandIDs.restore)}
          />
          {model.hasServerPart && c.kind !== 'legacy' && (
            <IconButton
              icon={pinIcon}
              label={c.pinned ? trans.__('Unpin') : trans.__('Pin')}
              title={
                c.pinned
                  ? trans.__('Unpin (it can then be dropped automatically)')
                  : canPin
                    ? trans.__('Pin with a name: never dropped automatically')
                    : trans.__(
                        'Pinned limit reached: unpin another checkpoint first'
                      )
              }
              pressed={c.pinned}
              disabled={!c.pinned && !canPin}
              tabIndex={-1}
              onClick={run(
                c.pinned ? ItemCommandIDs.unpin : ItemCommandIDs.pin
              )}
            />
          )}
          {model.hasServerPart && c.pinned && (
            <IconButton
              icon={editIcon}
              label={trans.__('Rename')}
              title={trans.__('Rename (only pinned checkpoints carry a name)')}
              tabIndex={-1}
              onClick={run(ItemCommandIDs.rename)}
            />
          )}
          <IconButton
            icon={deleteIcon}
            label={trans.__('Delete')}
            tabIndex={-1}
            onClick={run(ItemCommandIDs.remove)}
          />
          <IconButton
            icon={ellipsesIcon}
            label={trans.__('More actions')}
            hasPopup
            tabIndex={-1}
            onClick={event => {
              event.stopPropagation();
              model.selectedId = c.id;
              openActionMenu(event.currentTarget);
            }}
          />
        </div>
      </li>
    );
  }

  private _items(): HTMLElement[] {
    return Array.from(
      this.node.querySelectorAll<HTMLElement>('.jp-checkpoints-item')
    );
  }

  private _onKeyDown = (event: React.KeyboardEvent): void => {
    const items = this._items();
    const index = items.indexOf(document.activeElement as HTMLElement);
    const id = index >= 0 ? items[index].dataset.checkpointId : undefined;
    // Arrow keys move the selection with the focus; a right-click focuses without selecting, so
    // "Compare with Selected Checkpoint" can pair the clicked item with the selected one.
    const focus = (i: number) => {
      const target = items[Math.max(0, Math.min(items.length - 1, i))];
      target?.focus();
      if (target?.dataset.checkpointId) {
        this.model.selectedId = target.dataset.checkpointId;
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        focus(index + 1);
        break;
      case 'ArrowUp':
        focus(index - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(items.length - 1);
        break;
      // Enter opens the item's action menu rather than acting at once: restore, pin, preview...
      // are one arrow key away, and nothing changes by accident.
      case 'Enter':
      case 'ContextMenu':
        if (index >= 0) {
          openActionMenu(items[index]);
        }
        break;
      case 'Delete':
        if (id) {
          void this._commands.execute(ItemCommandIDs.remove, { id });
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
  private _showDeleted = false;
}

/** The context menu holds every action of an item; open it under `anchor` (a button or the item). */
function openActionMenu(anchor: HTMLElement): void {
  const rect = anchor.getBoundingClientRect();
  anchor.dispatchEvent(
    new MouseEvent('contextmenu', {
      bubbles: true,
      cancelable: true,
      clientX: rect.left,
      clientY: rect.bottom
    })
  );
}

export namespace CheckpointsPanel {
  export interface IOptions {
    model: CheckpointsModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}
