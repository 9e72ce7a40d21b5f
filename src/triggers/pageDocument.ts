/**
 * What a checkpoint of what the page holds is made from: the whole notebook, built cell by cell in
 * slices that yield to the event loop, or only the cells changed since a base checkpoint.
 */
import { ISharedCell, ISharedNotebook } from '@jupyter/ydoc';
import { DeltaBase } from './changeTracker';

/** The nbformat minor version from which every cell has an id (nbformat 4.5). */
const FIRST_MINOR_WITH_IDS = 5;
/** Milliseconds of serialising before yielding to the event loop (well under a 50 ms long task). */
const SLICE_MS = 8;
/**
 * Characters of JSON per slice at most: turning them into a Blob copies them (about 5 ms per MB in
 * Chromium), which the time budget alone does not see.
 */
const SLICE_CHARS = 1_000_000;
/** Attempts at a consistent whole-notebook read while cells keep being inserted or removed. */
const SLICED_ATTEMPTS = 3;

/** The part of a shared notebook read here. */
export type NotebookSource = Pick<
  ISharedNotebook,
  'cells' | 'getMetadata' | 'nbformat' | 'nbformat_minor'
>;

/**
 * Whether the server can compose checkpoints of this notebook by cell id: nbformat 4.5 or later,
 * every cell with its own non-empty id.
 */
export function hasCellIds(notebook: NotebookSource): boolean {
  if (
    notebook.nbformat !== 4 ||
    notebook.nbformat_minor < FIRST_MINOR_WITH_IDS
  ) {
    return false;
  }
  const seen = new Set<string>();
  for (const cell of notebook.cells) {
    if (typeof cell.id !== 'string' || !cell.id || seen.has(cell.id)) {
      return false;
    }
    seen.add(cell.id);
  }
  return true;
}

/**
 * The notebook metadata as saving would write it: JupyterLab's `NotebookModel.toJSON()` first adds
 * an empty `language_info` and `kernelspec` when they are missing.
 */
export function savedMetadata(notebook: NotebookSource): unknown {
  const metadata: Record<string, unknown> = { ...notebook.getMetadata() };
  metadata.language_info ??= { name: '' };
  metadata.kernelspec ??= { name: '', display_name: '' };
  return metadata;
}

/**
 * The body of a delta checkpoint: the cell ids in order, the cells of `changed` that are still
 * there, the notebook metadata and format. Costs what changed, not the notebook's size.
 */
export function deltaText(
  notebook: NotebookSource,
  base: DeltaBase,
  changed: ReadonlySet<string>
): string {
  const cells: string[] = [];
  const changedCells: Record<string, unknown> = {};
  for (const cell of notebook.cells) {
    cells.push(cell.id);
    if (changed.has(cell.id)) {
      changedCells[cell.id] = cell.toJSON();
    }
  }
  return JSON.stringify({
    base,
    cells,
    changed: changedCells,
    metadata: savedMetadata(notebook),
    nbformat: notebook.nbformat,
    nbformat_minor: notebook.nbformat_minor
  });
}

/** Options of `notebookBlob`. */
export interface ISliceOptions {
  /** Bumped whenever cells are inserted, removed or moved (`ChangeTracker.structureVersion`). */
  structureVersion?: () => number;
  /** Yields to the event loop between slices (tests pass their own). */
  yieldNow?: () => Promise<void>;
  /** Milliseconds of work per slice. */
  sliceMs?: number;
  /** Characters of JSON per slice at most. */
  sliceChars?: number;
}

/**
 * The whole notebook's JSON, what `JSON.stringify(model.toJSON())` gives for a notebook with cell
 * ids, as a Blob built one cell at a time with a yield to the event loop every few milliseconds,
 * so that a large notebook never blocks the page in one long task. A Blob, not a string: fetch
 * copies a string body on the main thread (about 0.6 s for 20 MB in Chromium), and a Blob made of
 * small Blobs costs nothing more to join or send.
 *
 * Cells edited while it runs may be read before or after the edit (the change tracker counts them
 * as changed, so the next checkpoint sends them again); when cells are inserted or removed meanwhile
 * the read starts over, and after a few attempts it is done in one go.
 */
export async function notebookBlob(
  notebook: NotebookSource,
  options: ISliceOptions = {}
): Promise<Blob> {
  const version = options.structureVersion ?? (() => 0);
  const yieldNow = options.yieldNow ?? nextTask;
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const sliceChars = options.sliceChars ?? SLICE_CHARS;
  for (let attempt = 0; attempt < SLICED_ATTEMPTS; attempt++) {
    const start = version();
    const cells = [...notebook.cells];
    const slices: Blob[] = [];
    let slice: string[] = [];
    let chars = 0;
    let sliceStart = now();
    let stale = false;
    for (let i = 0; i < cells.length; i++) {
      if (now() - sliceStart >= sliceMs || chars >= sliceChars) {
        slices.push(new Blob(slice));
        slice = [];
        chars = 0;
        await yieldNow();
        sliceStart = now();
        if (version() !== start) {
          stale = true;
          break;
        }
      }
      const json = (i > 0 ? ',' : '') + JSON.stringify(cells[i].toJSON());
      slice.push(json);
      chars += json.length;
    }
    if (!stale && version() === start) {
      slices.push(new Blob(slice));
      return notebookAround(notebook, slices);
    }
  }
  const all = notebook.cells.map((cell: ISharedCell) =>
    JSON.stringify(cell.toJSON())
  );
  return notebookAround(notebook, [all.join(',')]);
}

/** The notebook's JSON around its cells' (same key order as `toJSON()`). */
function notebookAround(
  notebook: NotebookSource,
  cells: (Blob | string)[]
): Blob {
  return new Blob([
    '{"metadata":' +
      JSON.stringify(savedMetadata(notebook)) +
      ',"nbformat_minor":' +
      JSON.stringify(notebook.nbformat_minor) +
      ',"nbformat":' +
      JSON.stringify(notebook.nbformat) +
      ',"cells":[',
    ...cells,
    ']}'
  ]);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Resolves on a later task of the event loop, letting input and rendering run first. */
function nextTask(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}
