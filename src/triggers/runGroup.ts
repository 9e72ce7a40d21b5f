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
}

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

  /** "Ran cell 3", "Ran cells 3-7", "Ran 12 cells", or "ValueError in cell 7" (1-based numbers). */
  label(trans: TranslationBundle): string {
    const failure = this.failure;
    if (failure) {
      const name = failure.errorName || trans.__('Error');
      return failure.index >= 0
        ? trans.__('%1 in cell %2', name, failure.index + 1)
        : trans.__('%1 in a deleted cell', name);
    }
    return runLabel(this.cellNumbers, trans);
  }

  private _records: IRunRecord[] = [];
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
