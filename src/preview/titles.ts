import { TranslationBundle } from '@jupyterlab/translation';
import { kindLabel } from '../kinds';
import { ICheckpoint } from '../tokens';

/**
 * Titles of review tabs: they name the file and the checkpoint, e.g. "nb.ipynb @ 11:04 · Save"
 * (the day is added for a checkpoint of another day; a label, when given, replaces the kind).
 */

/** When a checkpoint was made, as short as it can be read: "11:04", or "Dec 5, 11:04". */
export function shortWhen(iso: string, now: Date = new Date()): string {
  const when = new Date(iso);
  const time = when.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit'
  });
  if (when.toDateString() === now.toDateString()) {
    return time;
  }
  const day = when.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(when.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' })
  });
  return `${day}, ${time}`;
}

/** "11:04 · Save": a checkpoint's time and its label, or its kind when it has none. */
export function checkpointShortTitle(
  checkpoint: ICheckpoint,
  trans: TranslationBundle
): string {
  return trans.__(
    '%1 · %2',
    shortWhen(checkpoint.lastModified),
    checkpoint.label || kindLabel(checkpoint.kind, trans)
  );
}

/** "nb.ipynb @ 11:04 · Save" */
export function checkpointTabTitle(
  path: string,
  checkpoint: ICheckpoint,
  trans: TranslationBundle
): string {
  return trans.__(
    '%1 @ %2',
    path.split('/').pop() ?? path,
    checkpointShortTitle(checkpoint, trans)
  );
}
