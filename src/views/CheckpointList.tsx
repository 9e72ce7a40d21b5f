import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { VDomRenderer } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { Message } from '@lumino/messaging';
import * as React from 'react';
import { CommandIDs } from '../commandIds';
import { groupByDay } from '../history/dayGroups';
import { CheckpointsModel } from '../model/checkpointsModel';
import { SummariesModel } from '../model/summariesModel';
import { retentionSummary } from '../retentionSummary';
import { CheckpointItem, openActionMenu } from './CheckpointItem';
import { DeletedFilesView } from './DeletedFilesView';
import { DiskUse } from './DiskUse';
import { sameMinuteIds } from './format';
import { HistorySearch } from './history/HistorySearch';
import { moveFocus } from './listKeys';
import { ScrollAnchor } from './scrollAnchor';

/** How often relative times ("5 minutes ago") are refreshed. */
const CLOCK_MS = 30000;

/**
 * The content of the Checkpoints panel: the current document's checkpoints, newest first, with
 * their filters and retention limits; or the kept checkpoints of deleted files.
 */
export class CheckpointList extends VDomRenderer<CheckpointsModel> {
  constructor(options: CheckpointList.IOptions) {
    super(options.model);
    this._commands = options.commands;
    this._trans = options.trans;
    this._summaries = options.summaries ?? null;
    this._search = options.search ?? null;
    this._summaries?.changed.connect(() => this.update(), this);
    this.addClass('jp-checkpoints-body');
    this._clock = window.setInterval(() => this.update(), CLOCK_MS);
    this._anchor = new ScrollAnchor(this.node);
  }

  dispose(): void {
    window.clearInterval(this._clock);
    this._anchor.dispose();
    super.dispose();
  }

  protected onUpdateRequest(msg: Message): void {
    // Where the entry under the pointer stands now; `AfterRender` puts it back there.
    this._anchor.capture();
    super.onUpdateRequest(msg);
  }

  /** Move keyboard focus to the selected (or first) checkpoint. */
  focusList(): void {
    const items = this._items();
    const selected = items.find(
      i => i.getAttribute('aria-selected') === 'true'
    );
    (selected ?? items[0] ?? this.node).focus();
  }

  protected render(): React.ReactElement {
    const model = this.model;
    return model.showDeleted ? (
      <DeletedFilesView
        service={model.service}
        commands={this._commands}
        trans={this._trans}
      />
    ) : (
      this._renderDocument()
    );
  }

  private _renderDocument(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    if (!model.path) {
      return (
        <>
          <div className="jp-checkpoints-empty">
            <p>{trans.__('No document is open.')}</p>
            <p>
              {trans.__(
                'Open a notebook or a text file to see its checkpoints.'
              )}
            </p>
          </div>
          {this._renderStoreNote()}
        </>
      );
    }
    const visible = model.visible;
    // Day groups are computed at each render: the clock's refresh moves "Today" at midnight.
    const groups = groupByDay(visible, c => c.lastModified, Date.now(), trans);
    const firstId = visible[0]?.id;
    const sameMinute = sameMinuteIds(visible);
    return (
      <>
        <div className="jp-checkpoints-document" title={model.path}>
          {PathExt.basename(model.path)}
        </div>
        {/* One box: it filters the entries by label and, with the server part, searches contents. */}
        {this._search && model.hasServerPart ? (
          <HistorySearch
            key={model.path}
            path={model.path}
            search={this._search}
            commands={this._commands}
            trans={trans}
            onQuery={text => model.setFilters({ text })}
            onActive={active => {
              if (active !== this._searching) {
                this._searching = active;
                this.update();
              }
            }}
          >
            {this._renderChips()}
          </HistorySearch>
        ) : (
          this._renderFilters()
        )}
        {this._renderStoreNote()}
        {model.error && (
          <div className="jp-checkpoints-error" role="alert">
            {model.error}
          </div>
        )}
        {model.checkpoints.length === 0 && !model.loading && !model.error ? (
          this._searching ? null : (
            <div className="jp-checkpoints-empty">
              <p>{trans.__('No checkpoints yet.')}</p>
              <p>{trans.__('Press Ctrl+K (Cmd+K on macOS) to create one.')}</p>
            </div>
          )
        ) : visible.length === 0 && !model.loading ? (
          // While searching, the content hits above say what was found.
          this._searching ? null : (
            <div className="jp-checkpoints-empty">
              <p>{trans.__('No checkpoint matches the filters.')}</p>
            </div>
          )
        ) : (
          <ul
            className="jp-checkpoints-list"
            role="listbox"
            aria-label={trans.__('Checkpoints of %1', model.path)}
            onKeyDown={this._onKeyDown}
          >
            {groups.map(group => (
              <li
                key={group.day}
                role="presentation"
                className="jp-checkpoints-day"
              >
                <div className="jp-checkpoints-dayLabel" aria-hidden="true">
                  {group.label}
                </div>
                <ul role="group" aria-label={group.label}>
                  {group.items.map(c => (
                    <CheckpointItem
                      key={c.id}
                      checkpoint={c}
                      model={model}
                      commands={this._commands}
                      trans={trans}
                      tabbable={
                        model.selectedId === c.id ||
                        (!model.selectedId && c.id === firstId)
                      }
                      summary={this._summaries?.get(c.id)}
                      seconds={sameMinute.has(c.id)}
                    />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        <AfterRender run={() => this._anchor.restore()} />
        {/* The figures (retention, disk use) close the panel, out of the way of the entries. */}
        <footer className="jp-checkpoints-footer">
          {this._renderLimits()}
          <DiskUse
            fileBytes={this.model.fileBytes}
            totalBytes={this.model.store?.bytes ?? null}
            trans={trans}
          />
        </footer>
      </>
    );
  }

  /** The label filter and the chips, when there is no history search to hold them. */
  private _renderFilters(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    return (
      <div className="jp-checkpoints-filters">
        <input
          className="jp-checkpoints-search jp-mod-styled"
          type="search"
          placeholder={trans.__('Filter by label')}
          aria-label={trans.__('Filter by label')}
          value={model.filters.text}
          onChange={e => model.setFilters({ text: e.currentTarget.value })}
        />
        {this._renderChips()}
      </div>
    );
  }

  /** Toggle chips narrowing the list to one kind of entry. */
  private _renderChips(): React.ReactElement {
    const trans = this._trans;
    const model = this.model;
    const { failuresOnly, pinnedOnly } = model.filters;
    return (
      <>
        <button
          className={`jp-checkpoints-chip${failuresOnly ? ' jp-mod-active' : ''}`}
          aria-pressed={failuresOnly}
          aria-label={trans.__('Failures only')}
          title={trans.__('Show only the checkpoints made when a cell failed')}
          onClick={() => model.setFilters({ failuresOnly: !failuresOnly })}
        >
          {trans.__('Failures')}
        </button>
        {model.hasServerPart && (
          <button
            className={`jp-checkpoints-chip${pinnedOnly ? ' jp-mod-active' : ''}`}
            aria-pressed={pinnedOnly}
            aria-label={trans.__('Pinned only')}
            title={trans.__('Show only pinned checkpoints')}
            onClick={() => model.setFilters({ pinnedOnly: !pinnedOnly })}
          >
            {trans.__('Pinned')}
          </button>
        )}
      </>
    );
  }

  private _renderLimits(): React.ReactElement | null {
    const trans = this._trans;
    const limits = this.model.limits;
    if (!limits && this.model.serverUnknown) {
      return (
        <div className="jp-checkpoints-limits" role="status">
          {trans.__(
            'Cannot reach the server to tell how it keeps checkpoints; trying again. Restores wait until it answers.'
          )}
        </div>
      );
    }
    if (!limits) {
      return (
        <div className="jp-checkpoints-limits">
          {trans.__(
            'This server keeps one checkpoint per file; install jupyterlab_checkpoints on the server for a history. Automatic checkpoints are off here: each would replace that one checkpoint.'
          )}
        </div>
      );
    }
    const info = this.model.serverInfo;
    const full = limits.unpinned >= limits.maxUnpinned;
    const pinFull = limits.pinned >= limits.maxPinned;
    return (
      <div className="jp-checkpoints-limits" aria-live="polite">
        {/* Retention counts every unpinned checkpoint (manual, save, automatic) against one limit. */}
        <span
          title={trans.__(
            'Unpinned checkpoints (manual, on save, automatic) share one limit: past it the oldest automatic one goes first, manual ones last, and the newest never. A rollback record of a kept state takes no slot. Pinned ones are never dropped.'
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
        {info && (
          <span
            className="jp-checkpoints-retention"
            title={trans.__(
              'What this server keeps of a file: the newest unpinned checkpoints, then the last state of each hour, day and week (a manual or failure checkpoint wins its period over automatic ones). Pinned ones stay until unpinned.'
            )}
          >
            {retentionSummary(info.limits, trans)}
          </span>
        )}
        {full && (
          <span className="jp-checkpoints-hint">
            {trans.__(
              'Full: a new checkpoint drops the oldest automatic one (manual ones go last). Pin one to keep it.'
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

  /** The server's sentence on where the store is, when it is not in the root folder. */
  private _renderStoreNote(): React.ReactElement | null {
    const fallback = this.model.store?.fallback;
    if (!fallback) {
      return null;
    }
    return (
      <div className="jp-checkpoints-note" role="note">
        {fallback}
      </div>
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
    const focused = moveFocus(event, items, index);
    if (focused) {
      if (focused.dataset.checkpointId) {
        this.model.selectedId = focused.dataset.checkpointId;
      }
      return;
    }
    switch (event.key) {
      // Enter restores (undoable: the restore's notification offers Undo, and the replaced state
      // is kept in the history); the context-menu key and Shift+F10 open every action.
      case 'Enter':
        if (id) {
          void this._commands.execute(CommandIDs.restore, { id });
        }
        break;
      case 'ContextMenu':
        if (index >= 0) {
          openActionMenu(items[index]);
        }
        break;
      case 'Delete':
        if (id) {
          void this._commands.execute(CommandIDs.remove, { id });
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
  private _anchor: ScrollAnchor;
  private _summaries: SummariesModel | null;
  private _search: HistorySearch.Search | null;
  /** Whether the history search shows hits (the list then makes room for them). */
  private _searching = false;
}

/** Calls `run` each time the list is committed to the DOM, before the browser paints it. */
function AfterRender(props: { run: () => void }): null {
  React.useLayoutEffect(props.run);
  return null;
}

export namespace CheckpointList {
  export interface IOptions {
    model: CheckpointsModel;
    commands: CommandRegistry;
    trans: TranslationBundle;
    /** What each entry changed; without it the entries show no summary. */
    summaries?: SummariesModel;
    /** Search of every checkpoint of the document; without it no search box. */
    search?: HistorySearch.Search;
  }
}
