import { TranslationBundle } from '@jupyterlab/translation';
import { editIcon, ellipsesIcon } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { CommandIDs } from '../commandIds';
import { pinIcon, restoreIcon } from '../icons';
import { kindIcon, kindLabel } from '../kinds';
import { CheckpointsModel } from '../model/checkpointsModel';
import { ChangeSummary } from '../client/historyClient';
import { summaryText } from '../history/summary';
import { ICheckpoint } from '../tokens';
import { EntryIcon, EntryMeta, EntryTitle } from './EntryHead';
import { checkpointTitle, formatSize } from './format';
import { SummaryStrip } from './history/SummaryStrip';
import { IconButton } from './IconButton';
import { variablesLabel } from '../variables/format';
import { VariablesMark } from './variables/VariablesMark';

/** The context menu holds every action of an item; open it under `anchor` (a button or the item). */
export function openActionMenu(anchor: HTMLElement): void {
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

/**
 * One checkpoint of the panel's list: kind, title, time and size, with its most used actions on
 * the row in use and all of them in its context menu.
 */
export function CheckpointItem(props: {
  checkpoint: ICheckpoint;
  model: CheckpointsModel;
  commands: CommandRegistry;
  trans: TranslationBundle;
  /** Whether Tab reaches this item (the selected one, else the first). */
  tabbable: boolean;
  /** What it changed against the entry before it, when the server said. */
  summary?: ChangeSummary | null;
  /** Whether its default title shows seconds (another entry of the same minute reads alike). */
  seconds?: boolean;
}): React.ReactElement {
  const { checkpoint: c, model, commands, trans, summary } = props;
  const changes = summaryText(summary, trans);
  const kind = kindLabel(c.kind, trans);
  const title = checkpointTitle(c, trans, { seconds: props.seconds });
  const exact = new Date(c.lastModified).toLocaleString();
  const selected = model.selectedId === c.id;
  const limits = model.limits;
  const canPin = !limits || limits.pinned < limits.maxPinned;
  const run = (command: string) => (event: React.MouseEvent) => {
    event.stopPropagation();
    // The row in use stays selected, so its actions stay shown after a dialog closes.
    model.selectedId = c.id;
    void commands.execute(command, { id: c.id });
  };
  return (
    <li
      className={`jp-checkpoints-item jp-checkpoints-kind-${c.kind}${selected ? ' jp-mod-selected' : ''}`}
      role="option"
      aria-selected={selected}
      aria-label={`${title}, ${kind}, ${exact}${c.pinned ? ', ' + trans.__('pinned') : ''}${c.variables ? ', ' + variablesLabel(c, trans) : ''}${changes ? ', ' + changes : ''}${c.damaged ? ', ' + trans.__('damaged') : ''}`}
      tabIndex={props.tabbable ? 0 : -1}
      data-checkpoint-id={c.id}
      data-path={model.path ?? ''}
      onClick={() => (model.selectedId = c.id)}
    >
      <EntryIcon icon={kindIcon(c.kind)} kind={kind} />
      <div
        className="jp-checkpoints-itemBody"
        title={c.author ? trans.__('Made by %1', c.author) : undefined}
      >
        <EntryTitle title={title} pinned={c.pinned} trans={trans} />
        {c.damaged && (
          <span
            className="jp-checkpoints-damaged"
            title={trans.__(
              'Part of this checkpoint is damaged on disk: it cannot be restored or read, only deleted'
            )}
          >
            {trans.__('Damaged')}
          </span>
        )}
        <EntryMeta kind={kind} time={c.lastModified}>
          {c.size !== null && (
            <>
              <span aria-hidden="true"> · </span>
              <span>{formatSize(c.size)}</span>
            </>
          )}
          {c.author && model.manyAuthors && (
            <>
              <span aria-hidden="true"> · </span>
              <span className="jp-checkpoints-author">{c.author}</span>
            </>
          )}
        </EntryMeta>
        <VariablesMark checkpoint={c} trans={trans} />
        {changes && (
          <div className="jp-checkpoints-summary" title={changes}>
            {changes}
          </div>
        )}
        {summary?.kind === 'notebook' && (
          <SummaryStrip strip={summary.strip} trans={trans} />
        )}
      </div>
      <div className="jp-checkpoints-actions">
        <IconButton
          icon={restoreIcon}
          label={trans.__('Restore')}
          title={
            c.damaged
              ? trans.__('A damaged checkpoint cannot be restored')
              : trans.__(
                  'Restore this checkpoint (the current state is kept first)'
                )
          }
          disabled={c.damaged}
          tabIndex={-1}
          onClick={run(CommandIDs.restore)}
        />
        {model.hasServerPart && c.kind !== 'legacy' && (
          <IconButton
            icon={pinIcon}
            label={c.pinned ? trans.__('Unpin') : trans.__('Pin')}
            title={
              c.pinned
                ? trans.__('Unpin (it can then be dropped automatically)')
                : canPin
                  ? trans.__('Pin: never dropped automatically')
                  : trans.__(
                      'Pinned limit reached: unpin another checkpoint first'
                    )
            }
            pressed={c.pinned}
            disabled={!c.pinned && !canPin}
            tabIndex={-1}
            onClick={run(c.pinned ? CommandIDs.unpin : CommandIDs.pin)}
          />
        )}
        {model.hasServerPart && c.kind !== 'legacy' && (
          <IconButton
            icon={editIcon}
            label={trans.__('Rename')}
            title={trans.__('Name this checkpoint')}
            tabIndex={-1}
            onClick={run(CommandIDs.rename)}
          />
        )}
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
