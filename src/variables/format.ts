import { TranslationBundle } from '@jupyterlab/translation';
import { IVariablesRestore } from '../client/variablesClient';
import { ICheckpoint } from '../tokens';
import { formatSize } from '../views/format';

/** Skipped names listed in a restore report; the rest are counted ("and 3 more"). */
const MAX_NAMED = 3;

/**
 * The panel's words for a checkpoint's saved variables: "3 variables · 41.0 MB", or "variables"
 * from a server that did not say how many.
 */
export function variablesSummary(
  checkpoint: ICheckpoint,
  trans: TranslationBundle
): string {
  const count = checkpoint.variablesCount;
  if (count === undefined) {
    return trans.__('variables');
  }
  const counted = trans._n('%1 variable', '%1 variables', count);
  return checkpoint.variablesBytes === undefined
    ? counted
    : `${counted} · ${formatSize(checkpoint.variablesBytes)}`;
}

/** The same for screen readers, without the separator. */
export function variablesLabel(
  checkpoint: ICheckpoint,
  trans: TranslationBundle
): string {
  const count = checkpoint.variablesCount;
  if (count === undefined) {
    return trans.__('kernel variables saved with it');
  }
  return checkpoint.variablesBytes === undefined
    ? trans._n(
        '%1 kernel variable saved with it',
        '%1 kernel variables saved with it',
        count
      )
    : trans._n(
        '%1 kernel variable saved with it, %2',
        '%1 kernel variables saved with it, %2',
        count,
        formatSize(checkpoint.variablesBytes)
      );
}

/**
 * What a variables restore did, in one sentence: "Restored 2 variables; skipped 1 (gen: a
 * generator…)". The first reasons are named so the user sees why without opening anything.
 */
export function restoreReport(
  result: IVariablesRestore,
  trans: TranslationBundle
): string {
  const restored = trans._n(
    'Restored %1 variable',
    'Restored %1 variables',
    result.restored.length
  );
  if (!result.skipped.length) {
    return restored;
  }
  const named = result.skipped
    .slice(0, MAX_NAMED)
    .map(s => `${s.name}: ${s.reason}`);
  const more = result.skipped.length - named.length;
  if (more > 0) {
    named.push(trans._n('and %1 more', 'and %1 more', more));
  }
  return trans._n(
    '%2; skipped %1 (%3)',
    '%2; skipped %1 (%3)',
    result.skipped.length,
    restored,
    named.join(', ')
  );
}
