import { ISharedCell, ISharedNotebook, NotebookChange } from '@jupyter/ydoc';
import { IDisposable } from '@lumino/disposable';

/** The part of a Yjs shared type the tracker uses (a cell's map). */
interface IObservable {
  observeDeep(handler: () => void): void;
  unobserveDeep(handler: () => void): void;
}

/** A shared cell; `ymodel` holds everything nbformat saves of it (source, outputs, metadata...). */
type TrackedCell = ISharedCell & { ymodel?: IObservable };

/**
 * What a delta counts changes from: an earlier checkpoint (its id), or the file as the page loaded
 * or saved it (its `last_modified`, as the contents API reported it).
 */
export type DeltaBase = string | { file: string };

/** What changed between the base and a checkpoint being sent, as taken by `take()`. */
export interface IChangeSet {
  /** Ids of the cells whose content changed or that were inserted (moved cells are re-inserted). */
  readonly cells: ReadonlySet<string>;
  /** Cells were inserted, removed or moved. */
  readonly order: boolean;
  /** Notebook metadata or nbformat changed. */
  readonly metadata: boolean;
  /** When it was taken, to tell whether a base set meanwhile is newer than its checkpoint. */
  readonly seq: number;
}

interface IChanges {
  cells: Set<string>;
  order: boolean;
  metadata: boolean;
}

function noChanges(): IChanges {
  return { cells: new Set(), order: false, metadata: false };
}

/**
 * Which cells of one notebook changed since its base: the last checkpoint this page sent of it, or
 * the file, from when the page loaded it and after each save (the file then holds the model).
 *
 * A base is only taken if it is newer than the current one: a checkpoint sent before a save that
 * ends after it (or the reverse) counts from the older state and must not replace the newer base.
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

  /** What the changes are counted from; null when nothing is known (the whole notebook is sent). */
  get base(): DeltaBase | null {
    return this._base;
  }

  /** Whether anything changed since the base. */
  get hasChanges(): boolean {
    const c = this._changes;
    return c.cells.size > 0 || c.order || c.metadata;
  }

  /** Whether cells changed since the base (content, insertions, removals, moves), metadata aside. */
  get hasCellChanges(): boolean {
    return this._changes.cells.size > 0 || this._changes.order;
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
    const taken = { ...this._changes, seq: ++this._seq };
    this._changes = noChanges();
    return taken;
  }

  /** The checkpoint made with `taken` exists: it is the new base, unless a newer one was set. */
  commit(base: string, taken: IChangeSet): void {
    this._setBase(base, taken.seq);
  }

  /** The model was just loaded (or reverted) from the file, last modified at `lastModified`. */
  fileLoaded(lastModified: string): void {
    this._changes = noChanges();
    this._setBase({ file: lastModified }, ++this._seq);
  }

  /**
   * A save starts: what it writes is the model now; changes from here on are counted apart too.
   * Saves that overlap make no base: which one the file holds last is not known.
   */
  saveStarted(): void {
    this._saves++;
    this._saving =
      this._saves === 1 ? { changes: noChanges(), seq: ++this._seq } : null;
  }

  /**
   * The save started last ended: with the file's new `lastModified` it is the base (changes since
   * the save started count against it); null when it failed.
   */
  saveEnded(lastModified: string | null): void {
    const saving = this._saving;
    this._saving = null;
    this._saves = Math.max(0, this._saves - 1);
    if (!saving || lastModified === null || saving.seq < this._baseSeq) {
      return;
    }
    // Every change since the save started, those a checkpoint still being sent took included.
    this._changes = saving.changes;
    this._setBase({ file: lastModified }, saving.seq);
  }

  /** The checkpoint made with `taken` failed: its changes count again against the old base. */
  restore(taken: IChangeSet): void {
    const c = this._changes;
    taken.cells.forEach(id => c.cells.add(id));
    c.order ||= taken.order;
    c.metadata ||= taken.metadata;
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

  private _setBase(base: DeltaBase, seq: number): void {
    if (seq >= this._baseSeq) {
      this._base = base;
      this._baseSeq = seq;
    }
  }

  /** Records a change since the base, and since the save in progress if any. */
  private _note(record: (changes: IChanges) => void): void {
    record(this._changes);
    if (this._saving) {
      record(this._saving.changes);
    }
  }

  private _watch(cell: TrackedCell): void {
    if (this._handlers.has(cell)) {
      return;
    }
    if (!cell.ymodel) {
      this._complete = false;
      return;
    }
    const handler = () => this._note(c => c.cells.add(cell.id));
    cell.ymodel.observeDeep(handler);
    this._handlers.set(cell, handler);
  }

  private _onNotebookChanged(_: ISharedNotebook, change: NotebookChange): void {
    if (change.metadataChange || change.nbformatChanged) {
      this._note(c => (c.metadata = true));
    }
    if (!change.cellsChange) {
      return;
    }
    const structural = change.cellsChange.some(d => d.insert || d.delete);
    if (!structural) {
      return;
    }
    this._note(c => (c.order = true));
    this._structureVersion++;
    // The list of cells is short next to their content: walking it keeps the watched set exact
    // (a deleted cell is no longer listed; a moved one comes back as a new shared cell).
    const present = new Set<TrackedCell>();
    for (const cell of this._notebook.cells as TrackedCell[]) {
      present.add(cell);
      if (!this._handlers.has(cell)) {
        this._watch(cell);
        this._note(c => c.cells.add(cell.id));
      }
    }
    for (const [cell, handler] of this._handlers) {
      if (!present.has(cell)) {
        cell.ymodel?.unobserveDeep(handler);
        this._handlers.delete(cell);
      }
    }
  }

  private _base: DeltaBase | null = null;
  private _baseSeq = 0;
  private _seq = 0;
  private _changes = noChanges();
  private _saving: { changes: IChanges; seq: number } | null = null;
  private _saves = 0;
  private _complete = true;
  private _structureVersion = 0;
  private _disposed = false;
  private _handlers = new Map<TrackedCell, () => void>();
}
