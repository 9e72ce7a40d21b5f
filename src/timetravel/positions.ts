import { TranslationBundle } from '@jupyterlab/translation';
import { diffNotebooks, ICellLike } from '../compare/cellDiff';
import { kindLabel } from '../kinds';
import { ICheckpoint } from '../tokens';

/**
 * The pure part of time travel: the slider's positions (every checkpoint of the file, oldest to
 * newest, then "now", the open document's current content) and which cells changed between two
 * of them. No DOM, no requests: tested on its own.
 */

/** The id of the last position: the document as it is now (unsaved edits included). */
export const NOW = 'now';

/** One stop of the slider. */
export interface IPosition {
  /** The checkpoint's id, or NOW. */
  id: string;
  /** The checkpoint; null for NOW. */
  checkpoint: ICheckpoint | null;
}

/** Every checkpoint, oldest first (the list's order), then now. */
export function positionsOf(checkpoints: ICheckpoint[]): IPosition[] {
  const sorted = [...checkpoints].sort(
    (a, b) =>
      new Date(a.lastModified).getTime() - new Date(b.lastModified).getTime()
  );
  return [
    ...sorted.map(checkpoint => ({ id: checkpoint.id, checkpoint })),
    { id: NOW, checkpoint: null }
  ];
}

/** "Monday, Dec 7, 11:04 · Save · before refactor": what the slider says of a position. */
export function describePosition(
  position: IPosition,
  trans: TranslationBundle
): string {
  const c = position.checkpoint;
  if (!c) {
    return trans.__('Now (the open document)');
  }
  const when = new Date(c.lastModified).toLocaleString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit'
  });
  const kind = kindLabel(c.kind, trans);
  return c.label
    ? trans.__('%1 · %2 · %3', when, kind, c.label)
    : trans.__('%1 · %2', when, kind);
}

/** How a cell shown at a position changed since the position it is compared with. */
export type CellChange = 'unchanged' | 'added' | 'changed' | 'removed';

/** A cell to show: the position's own cells in order, removed ones where they stood. */
export interface IMarkedCell {
  cell: ICellLike;
  change: CellChange;
  /** Position of the cell in the notebook shown; absent for a removed cell. */
  index?: number;
}

/**
 * The cells of `after`, each marked with how it changed since `before` (null: nothing to compare
 * with, the oldest position: nothing is marked). Cells gone since `before` are listed where they
 * stood, marked removed. A cell that only moved is unchanged; a moved cell that was also edited is
 * changed; outputs and execution counts count as changes (what a re-run did is part of history).
 */
export function markChanges(
  before: ICellLike[] | null,
  after: ICellLike[]
): IMarkedCell[] {
  if (!before) {
    return after.map((cell, index) => ({ cell, change: 'unchanged', index }));
  }
  return diffNotebooks(before, after).map(d => {
    if (d.status === 'removed') {
      return { cell: d.base!, change: 'removed' };
    }
    const change: CellChange =
      d.status === 'added'
        ? 'added'
        : d.sourceChanged || d.outputs.changed
          ? 'changed'
          : 'unchanged';
    return { cell: d.target!, change, index: d.targetIndex };
  });
}

/** How many cells changed each way: the position's one-line summary. */
export function countChanges(
  marks: IMarkedCell[]
): Record<Exclude<CellChange, 'unchanged'>, number> {
  const counts = { added: 0, changed: 0, removed: 0 };
  for (const m of marks) {
    if (m.change !== 'unchanged') {
      counts[m.change]++;
    }
  }
  return counts;
}
