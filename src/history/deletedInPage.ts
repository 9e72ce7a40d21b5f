import { CellChange, ISharedCell, ISharedNotebook } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { ICellLike } from '../compare/cellDiff';

/** A cell deleted from the open notebook, as it was at that moment. */
export interface IPageDeletedCell {
  cell: ICellLike;
  /** When it was deleted. */
  deleted: Date;
  /** Its position just before it was deleted. */
  index: number;
  /** The nearest cell before it that was still there. */
  after: string | null;
  /** The nearest cell after it that was still there. */
  before: string | null;
}

/** How many deleted cells one notebook remembers (oldest forgotten first). */
const LIMIT = 200;

/**
 * The cells deleted from an open notebook in this page, each as it was when deleted. Checkpoints
 * only know what was saved: a cell deleted since the last save is still in the file, and a cell
 * edited before it was deleted is newer than any checkpoint's version of it. So the page keeps a
 * copy of each live cell, refreshed as it changes (only the source on typing, which is cheap; the
 * whole cell when its outputs or metadata change), and moves the copy here when the cell leaves.
 * A cell that comes back (Insert Back, undo) leaves the list.
 */
export class DeletedInPage implements IDisposable {
  constructor(private _notebook: ISharedNotebook) {
    this._order = _notebook.cells.map(c => c.id);
    for (const cell of _notebook.cells) {
      this._watch(cell);
    }
    _notebook.changed.connect(this._onNotebookChanged, this);
  }

  /** Emits when a cell is deleted or comes back. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Deleted cells not in the notebook now, newest first. */
  get cells(): readonly IPageDeletedCell[] {
    return this._deleted;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._notebook.changed.disconnect(this._onNotebookChanged, this);
    for (const cell of this._watched.values()) {
      cell.changed.disconnect(this._onCellChanged, this);
    }
    this._watched.clear();
    Signal.clearData(this);
  }

  private _onNotebookChanged(
    _: ISharedNotebook,
    change: { cellsChange?: unknown }
  ): void {
    if (!change.cellsChange) {
      return;
    }
    const cells = this._notebook.cells;
    const live = new Set(cells.map(c => c.id));
    let changed = false;
    const previous = this._order;
    for (const [index, id] of previous.entries()) {
      if (live.has(id)) {
        continue;
      }
      const snapshot = this._copies.get(id);
      if (snapshot) {
        this._deleted.unshift({
          cell: snapshot,
          deleted: new Date(),
          index,
          after: neighbour(previous, index, -1, live),
          before: neighbour(previous, index, 1, live)
        });
        changed = true;
      }
      this._unwatch(id);
    }
    // A cell replaced under the same id (a restore: delete + insert) is a new shared cell to follow.
    for (const cell of cells) {
      if (this._watched.get(cell.id) !== cell) {
        this._unwatch(cell.id);
        this._watch(cell);
      }
    }
    const before = this._deleted.length;
    this._deleted = this._deleted
      .filter(d => !live.has(d.cell.id!))
      .slice(0, LIMIT);
    changed = changed || this._deleted.length !== before;
    this._order = cells.map(c => c.id);
    if (changed) {
      this._changed.emit();
    }
  }

  private _watch(cell: ISharedCell): void {
    this._watched.set(cell.id, cell);
    this._copies.set(cell.id, cell.toJSON() as ICellLike);
    cell.changed.connect(this._onCellChanged, this);
  }

  private _unwatch(id: string): void {
    this._watched.get(id)?.changed.disconnect(this._onCellChanged, this);
    this._watched.delete(id);
    this._copies.delete(id);
  }

  private _onCellChanged(cell: ISharedCell, change: CellChange): void {
    const copy = this._copies.get(cell.id);
    const onlySource =
      copy &&
      Object.keys(change).every(
        key => key === 'sourceChange' || key === 'executionStateChange'
      );
    this._copies.set(
      cell.id,
      onlySource
        ? { ...copy, source: cell.getSource() }
        : (cell.toJSON() as ICellLike)
    );
  }

  private _order: string[];
  private _watched = new Map<string, ISharedCell>();
  private _copies = new Map<string, ICellLike>();
  private _deleted: IPageDeletedCell[] = [];
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}

/** The nearest id from `start` in direction `step` that is still live. */
function neighbour(
  ids: readonly string[],
  start: number,
  step: number,
  live: ReadonlySet<string>
): string | null {
  for (let i = start + step; i >= 0 && i < ids.length; i += step) {
    if (live.has(ids[i])) {
      return ids[i];
    }
  }
  return null;
}
