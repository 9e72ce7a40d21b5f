import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { planIsEmpty } from '../client/parse';
import { ICleanupPlan } from '../tokens';
import { formatSize } from './format';

/**
 * The body of the Clean Up Checkpoints dialog: what the clean-up would free, row by row, and its
 * total; or that there is nothing to free. Everything shown comes from the server's plan.
 */
export function CleanupPlanView(props: {
  plan: ICleanupPlan;
  trans: TranslationBundle;
}): React.ReactElement {
  const { plan, trans } = props;
  const days = plan.olderThanDays;
  return (
    <div className="jp-checkpoints-cleanup">
      {planIsEmpty(plan) ? (
        <p>
          {days === null
            ? trans.__(
                'Nothing to free: every piece of content is still used by a checkpoint.'
              )
            : trans.__(
                'Nothing to free: every piece of content is still used by a checkpoint, and no deleted file has a history to remove.'
              )}
        </p>
      ) : (
        <>
          <p>
            {trans.__(
              'This frees space in the checkpoint store. Pinned checkpoints are never removed.'
            )}
          </p>
          <PlanTable plan={plan} trans={trans} />
        </>
      )}
      <PlanNotes plan={plan} trans={trans} />
    </div>
  );
}

/** One row per thing freed, then the total. */
function PlanTable(props: {
  plan: ICleanupPlan;
  trans: TranslationBundle;
}): React.ReactElement {
  const { plan, trans } = props;
  return (
    <table className="jp-checkpoints-cleanupTable">
      <caption className="jp-checkpoints-cleanupCaption">
        {trans.__('What Clean Up removes')}
      </caption>
      <tbody>
        {plan.unreferenced.objects > 0 && (
          <tr>
            <th scope="row">
              {trans.__('Content no checkpoint refers to any more')}
              <div className="jp-checkpoints-meta">
                {trans._n('%1 piece', '%1 pieces', plan.unreferenced.objects)}
              </div>
            </th>
            <td>{formatSize(plan.unreferenced.bytes)}</td>
          </tr>
        )}
        {plan.deleted.map(entry => (
          <tr key={`${entry.path}@${entry.deleted}`}>
            <th scope="row" title={entry.path}>
              <span className="jp-checkpoints-cleanupPath">{entry.path}</span>
              <div className="jp-checkpoints-meta">
                {trans._n(
                  'deleted %2 · %1 checkpoint',
                  'deleted %2 · %1 checkpoints',
                  entry.checkpoints,
                  new Date(entry.deleted).toLocaleDateString()
                )}
              </div>
            </th>
            <td>{formatSize(entry.bytes)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{trans.__('Total')}</th>
          <td>{formatSize(plan.bytes)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Why some things stay: the setting, pinned histories, content too recent to remove. */
function PlanNotes(props: {
  plan: ICleanupPlan;
  trans: TranslationBundle;
}): React.ReactElement {
  const { plan, trans } = props;
  const days = plan.olderThanDays;
  return (
    <ul className="jp-checkpoints-cleanupNotes">
      <li>
        {days === null
          ? trans.__(
              "Deleted files' histories are left alone (the setting could not be read)."
            )
          : days === 0
            ? trans.__(
                "Deleted files' histories go, whenever the files were deleted (setting: 0 days)."
              )
            : trans._n(
                "Deleted files' histories go once the files were deleted more than %1 day ago (see Settings → Checkpoints).",
                "Deleted files' histories go once the files were deleted more than %1 days ago (see Settings → Checkpoints).",
                days
              )}
      </li>
      {plan.pinnedKept.length > 0 && (
        <li>
          {trans.__(
            'Kept whole, as they hold a pinned checkpoint: %1',
            plan.pinnedKept.map(p => p.path).join(', ')
          )}
        </li>
      )}
      {plan.waiting.objects > 0 && (
        <li>
          {trans.__(
            '%1 of content stored in the last hour is left for a later clean-up: a checkpoint being saved right now may still need it.',
            formatSize(plan.waiting.bytes)
          )}
        </li>
      )}
    </ul>
  );
}
