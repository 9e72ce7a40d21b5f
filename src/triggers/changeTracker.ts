import { ISharedCell, ISharedNotebook, NotebookChange } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';

/** The part of a Yjs shared type the tracker uses (a cell's map). */
interface IObservable {
  observeDeep(handler: () => void): void;
  unobserveDeep(handler: () => void): void;
}

/** A shared cell; `ymodel` holds everything nbformat saves of it (source, outputs, metadata...). */
type TrackedCell = ISharedCell & { ymodel?: IObservable };

/** What changed between the base and a checkpoint being sent, as taken by `take()`. */
export interface IChangeSet {
  /** Ids of the cells whose content changed or that were inserted (moved cells are re-inserted). */
  readonly cells: ReadonlySet<string>;
  /** Cells were inserted, removed or moved. */
  readonly order: boolean;
  /** Notebook metadata or nbformat changed. */
  readonly metadata: boolean;
}

/**
 * Which cells of one notebook changed since its base: the last checkpoint this page sent of it.
 *
 * It listens to the shared model only; nothing here serialises the notebook, so a run costs the
 * same whatever the notebook's size. Each cell is watched through its Yjs map (`observeDeep`)
 * rather than the shared cell's `changed` signal, because JupyterLab writes outputs into the shared
 * model with a 'silent-change' origin that `changed` does not report.
 */
export class ChangeTracker implements IDisposable {
  constructor(private _notebook: ISharedNotebook) {
    this._notebook.changed.connect(this._onNotebookChanged, this);
    for (const cell of this._notebook.cells) {
      this._watch(cell as TrackedCell);
    }
  }

  /**
   * Whether every cell can be watched (the shared cells expose their Yjs map). When not, the
   * tracker cannot vouch for what changed and the caller must send the whole notebook.
   */
  get complete(): boolean {
    return this._complete;
  }

  /** Id of the checkpoint the changes are counted from; null before the first one. */
  get base(): string | null {
    return this._base;
  }

  /** Whether anything changed since the base. */
  get hasChanges(): boolean {
    return this._cells.size > 0 || this._order || this._metadata;
  }

  /** Bumped on every insertion, removal or move of cells (to tell whether a list read is stale). */
  get structureVersion(): number {
    return this._structureVersion;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * The changes since the base, handed to a checkpoint being sent; the tracker starts counting
   * afresh. Exactly one of `commit` (the checkpoint exists) or `restore` (it failed) must follow.
   */
  take(): IChangeSet {
    const taken = {
      cells: this._cells,
      order: this._order,
      metadata: this._metadata
    };
    this._cells = new Set();
    this._order = false;
    this._metadata = false;
    return taken;
  }

  /** The checkpoint made with `taken` exists: it is the new base. */
  commit(base: string): void {
    this._base = base;
  }

  /** The checkpoint made with `taken` failed: its changes count again against the old base. */
  restore(taken: IChangeSet): void {
    for (const id of taken.cells) {
      this._cells.add(id);
    }
    this._order = this._order || taken.order;
    this._metadata = this._metadata || taken.metadata;
  }

  /** Forget the base: the next checkpoint sends the whole notebook. */
  resetBase(): void {
    this._base = null;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._notebook.changed.disconnect(this._onNotebookChanged, this);
    for (const [cell, handler] of this._handlers) {
      cell.ymodel?.unobserveDeep(handler);
    }
    this._handlers.clear();
  }

  private _watch(cell: TrackedCell): void {
    if (this._handlers.has(cell)) {
      return;
    }
    if (!cell.ymodel) {
      this._complete = false;
      return;
    }
    const handler = () => this._cells.add(cell.id);
    cell.ymodel.observeDeep(handler);
    this._handlers.set(cell, handler);
  }

  private _onNotebookChanged(_: ISharedNotebook, change: NotebookChange): void {
    if (change.metadataChange || change.nbformatChanged) {
      this._metadata = true;
    }
    if (!change.cellsChange) {
      return;
    }
    const structural = change.cellsChange.some(d => d.insert || d.delete);
    if (!structural) {
      return;
    }
    this._order = true;
    this._structureVersion++;
    // The list of cells is short next to their content: walking it keeps the watched set exact
    // (a deleted cell is no longer listed; a moved one comes back as a new shared cell).
    const present = new Set<TrackedCell>();
    for (const cell of this._notebook.cells as TrackedCell[]) {
      present.add(cell);
      if (!this._handlers.has(cell)) {
        this._watch(cell);
        this._cells.add(cell.id);
      }
    }
    for (const [cell, handler] of this._handlers) {
      if (!present.has(cell)) {
        cell.ymodel?.unobserveDeep(handler);
        this._handlers.delete(cell);
      }
    }
  }

  private _base: string | null = null;
  private _cells = new Set<string>();
  private _order = false;
  private _metadata = false;
  private _complete = true;
  private _structureVersion = 0;
  private _disposed = false;
  private _handlers = new Map<TrackedCell, () => void>();
}
