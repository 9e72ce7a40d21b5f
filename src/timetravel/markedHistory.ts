import { ICellLike } from '../compare/cellDiff';
import { LruCache } from './cache';
import { IMarkedCell, IPosition, markChanges, NOW } from './positions';

/**
 * The marked cells of positions of the history: a position's cells, each marked with how it
 * changed since another position. Two checkpoints never change, so their comparison is kept;
 * one with "now" is made again each time (the document changes).
 */

/** Where the cells of each position come from. */
export interface ITimeTravelSource {
  /** The cells of a position, and the notebook's code language. */
  cells(position: IPosition): Promise<{ cells: ICellLike[]; language: string }>;
}

/** Comparisons kept (each holds references to cells, not copies). */
const KEPT = 16;

export class MarkedHistory {
  constructor(private _source: ITimeTravelSource) {}

  /** The cells of `position` marked against `other` (null: nothing marked). */
  async marks(
    position: IPosition,
    other: IPosition | null
  ): Promise<{ marks: IMarkedCell[]; language: string }> {
    const key =
      position.id === NOW || other?.id === NOW
        ? null
        : `${other?.id ?? ''}>${position.id}`;
    const kept = key === null ? undefined : this._kept.get(key);
    if (kept) {
      return kept;
    }
    const [shown, before] = await Promise.all([
      this._source.cells(position),
      other && other !== position ? this._source.cells(other) : null
    ]);
    const result = {
      marks: markChanges(before?.cells ?? null, shown.cells),
      language: shown.language
    };
    if (key !== null) {
      this._kept.set(key, result);
    }
    return result;
  }

  private _kept = new LruCache<
    string,
    { marks: IMarkedCell[]; language: string }
  >(KEPT);
}
