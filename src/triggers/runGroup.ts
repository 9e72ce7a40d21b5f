import { TranslationBundle } from '@jupyterlab/translation';

/** One finished cell execution. */
export interface IRunRecord {
  /** 0-based position of the cell in the notebook when it finished. */
  index: number;
  success: boolean;
  /** Python exception name (e.g. "ValueError") when the cell failed and the name is known. */
  errorName?: string;
  /** False for markdown and raw cells (run, but nothing reached a kernel). Default true. */
  code?: boolean;
  /** The execution count the cell's prompt shows after the run (`[5]`); none for aborted cells. */
  executionCount?: number | null;
  /** The cell's source when it ran: its first line names the entry. */
  source?: string;
}

/** How many characters of a cell's first line a label keeps. */
export const LINE_CHARS = 40;

/**
 * The cells run since the execution queue was last empty: what one automatic checkpoint describes.
 */
export class RunGroup {
  add(record: IRunRecord): void {
    this._records.push(record);
  }

  get size(): number {
    return this._records.length;
  }

  /** Whether a code cell ran (a group of rendered markdown cells alone makes no checkpoint). */
  get ranCode(): boolean {
    return this._records.some(r => r.code !== false);
  }

  get failed(): boolean {
    return this._records.some(r => !r.success);
  }

  /**
   * The failure to name: the first one whose error has a name (cells aborted after an error come
   * later and carry none), else the first one.
   */
  get failure(): IRunRecord | null {
    return (
      this._records.find(r => !r.success && r.errorName) ??
      this._records.find(r => !r.success) ??
      null
    );
  }

  /** 1-based numbers of the cells that ran, ascending, without repeats. */
  get cellNumbers(): number[] {
    return [
      ...new Set(this._records.filter(r => r.index >= 0).map(r => r.index + 1))
    ].sort((a, b) => a - b);
  }

  /**
   * What the entry says changed, in the words of the prompts the user sees: `Ran [5] df = load(…)`,
   * `Ran [5]–[7] import pandas as pd`, `KeyError in [5] df["x"]`. Cells without an execution
   * count (no kernel reply) fall back to their positions: "Ran cells 3-7", "ValueError in cell 7".
   */
  label(trans: TranslationBundle): string {
    const failure = this.failure;
    if (failure) {
      const name = failure.errorName || trans.__('Error');
      const line = firstLine(failure.source ?? '');
      const where = hasCount(failure)
        ? `[${failure.executionCount}]`
        : failure.index >= 0
          ? trans.__('cell %1', failure.index + 1)
          : null;
      if (where === null) {
        return trans.__('%1 in a deleted cell', name);
      }
      return line
        ? trans.__('%1 in %2 %3', name, where, line)
        : trans.__('%1 in %2', name, where);
    }
    const counted = this._records.filter(r => r.code !== false && hasCount(r));
    if (counted.length === 0) {
      return runLabel(this.cellNumbers, trans);
    }
    const counts = [...new Set(counted.map(r => r.executionCount!))].sort(
      (a, b) => a - b
    );
    const low = counts[0];
    const high = counts[counts.length - 1];
    const prompts =
      counts.length === 1
        ? `[${low}]`
        : high - low === counts.length - 1
          ? `[${low}]–[${high}]`
          : trans.__('%1 cells', counts.length);
    // The first cell run says what the run was about; the prompts tell runs of it apart.
    const first = counted.reduce((a, b) =>
      b.executionCount! < a.executionCount! ? b : a
    );
    const line = firstLine(first.source ?? '');
    return line
      ? trans.__('Ran %1 %2', prompts, line)
      : trans.__('Ran %1', prompts);
  }

  private _records: IRunRecord[] = [];
}

function hasCount(record: IRunRecord): boolean {
  return typeof record.executionCount === 'number';
}

/**
 * A cell's first non-blank line, trimmed, with runs of spaces made one, and shortened to `max`
 * characters with an ellipsis: what a label quotes of the cell.
 */
export function firstLine(source: string, max = LINE_CHARS): string {
  const line = (source.split('\n').find(l => l.trim() !== '') ?? '')
    .trim()
    .replace(/\s+/g, ' ');
  return line.length > max ? line.slice(0, max - 1).trimEnd() + '…' : line;
}

/** "Ran cell 3", "Ran cells 3-7" (contiguous) or "Ran 12 cells" for ascending 1-based numbers. */
export function runLabel(cells: number[], trans: TranslationBundle): string {
  if (cells.length === 0) {
    return trans.__('Ran cells');
  }
  if (cells.length === 1) {
    return trans.__('Ran cell %1', cells[0]);
  }
  const contiguous = cells[cells.length - 1] - cells[0] === cells.length - 1;
  return contiguous
    ? trans.__('Ran cells %1-%2', cells[0], cells[cells.length - 1])
    : trans.__('Ran %1 cells', cells.length);
}

/**
 * A fast, non-cryptographic 53-bit string hash (cyrb53), to tell whether a notebook changed since
 * its last automatic checkpoint without keeping a copy of it.
 */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 =
    Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^
    Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 =
    Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^
    Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (
    (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36) +
    ':' +
    text.length.toString(36)
  );
}
