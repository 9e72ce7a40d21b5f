import { ISharedCodeCell, ISharedNotebook } from '@jupyter/ydoc';
import { ICellDiff } from './cellDiff';

/**
 * Put the chosen cells of the base (a checkpoint) back into an open notebook, as ONE undoable edit:
 * a changed cell is replaced where it stands, a removed cell is inserted after the cell that preceded
 * it in the base. Replacing is a delete + insert, so the notebook's own undo (which records cell
 * operations) takes the whole restore back in one step.
 */
export function restoreCells(
  notebook: ISharedNotebook,
  diffs: readonly ICellDiff[],
  chosen: readonly ICellDiff[]
): number {
  // Plan on the notebook as it is: its cell list is only refreshed after a transaction ends.
  const replace: [number, any][] = [];
  const insert: [number, number, any][] = [];
  for (const d of chosen) {
    if (!d.base) {
      continue;
    }
    // A cell of the checkpoint already back in the notebook (restored before) is replaced, never
    // inserted again: two cells with one id would break the notebook.
    const sameId = d.base.id
      ? notebook.cells.findIndex(c => c.id === d.base!.id)
      : -1;
    const current = sameId >= 0 ? sameId : indexInNotebook(notebook, d);
    if (current !== null) {
      replace.push([current, { ...d.base }]);
    } else {
      insert.push([
        insertionIndex(notebook, diffs, d),
        d.baseIndex!,
        { ...d.base }
      ]);
    }
  }
  // Highest positions first, so each insertion leaves the positions still to fill unchanged.
  insert.sort((x, y) => y[0] - x[0] || y[1] - x[1]);
  // Restored outputs keep the notebook trusted (see `keepTrust`).
  for (const [, cell] of replace) {
    keepTrust(notebook, cell);
  }
  for (const [, , cell] of insert) {
    keepTrust(notebook, cell);
  }
  notebook.transact(() => {
    for (const [index, cell] of replace) {
      notebook.deleteCell(index);
      notebook.insertCell(index, cell);
    }
    for (const [index, , cell] of insert) {
      notebook.insertCell(index, cell);
    }
  });
  return replace.length + insert.length;
}

/** Where the cell of `d` is in the notebook now: by id, else by its position when compared. */
function indexInNotebook(
  notebook: ISharedNotebook,
  d: ICellDiff
): number | null {
  if (!d.target) {
    return null;
  }
  const id = d.target.id;
  if (id) {
    const i = notebook.cells.findIndex(c => c.id === id);
    return i >= 0 ? i : null;
  }
  return d.targetIndex !== undefined && d.targetIndex < notebook.cells.length
    ? d.targetIndex
    : null;
}

function insertionIndex(
  notebook: ISharedNotebook,
  diffs: readonly ICellDiff[],
  d: ICellDiff
): number {
  for (let i = d.baseIndex! - 1; i >= 0; i--) {
    const previous = diffs.find(x => x.baseIndex === i && x.target);
    const at = previous ? indexInNotebook(notebook, previous) : null;
    if (at !== null) {
      return at + 1;
    }
  }
  return 0;
}

/**
 * Give a cell coming back from a checkpoint (as JSON, changed in place) the notebook's trust: a
 * checkpoint holds no trust marks (the server strips them on save), and its outputs were the user's
 * own, so a trusted notebook stays trusted while an untrusted one gains no trust.
 */
export function keepTrust<T extends { cell_type?: string; metadata?: any }>(
  notebook: ISharedNotebook,
  cell: T
): T {
  if (cell.cell_type === 'code' && isTrusted(notebook)) {
    cell.metadata = { ...(cell.metadata ?? {}), trusted: true };
  }
  return cell;
}

/** Whether every code cell with outputs is trusted: what the notebook's trust indicator says. */
function isTrusted(notebook: ISharedNotebook): boolean {
  return notebook.cells.every(
    c =>
      c.cell_type !== 'code' ||
      (c as ISharedCodeCell).outputs.length === 0 ||
      c.getMetadata('trusted') === true
  );
}
