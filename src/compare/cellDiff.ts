// jsdiff: a well-kept, dependency-free LCS diff (lines for sources, arrays for cell order), already
// used across the JavaScript ecosystem; nbdime's packages would bring a whole rendering stack.
import { Change, diffArrays, diffLines } from 'diff';

/** The parts of an nbformat cell a comparison looks at. */
export interface ICellLike {
  id?: string;
  cell_type: string;
  source: string | string[];
  outputs?: any[];
  [key: string]: any;
}

export type CellStatus =
  'unchanged' | 'modified' | 'added' | 'removed' | 'moved';

/** How one cell differs between a base (e.g. a checkpoint) and a target (e.g. the current document). */
export interface ICellDiff {
  status: CellStatus;
  /** The cell in the base, absent when added. */
  base?: ICellLike;
  baseIndex?: number;
  /** The cell in the target, absent when removed. */
  target?: ICellLike;
  targetIndex?: number;
  sourceChanged: boolean;
  outputs: IOutputsSummary;
}

/** Output changes, with images compared by content. */
export interface IOutputsSummary {
  changed: boolean;
  added: number;
  removed: number;
  imagesChanged: number;
}

export function sourceOf(cell: ICellLike | undefined): string {
  if (!cell) {
    return '';
  }
  return Array.isArray(cell.source)
    ? cell.source.join('')
    : (cell.source ?? '');
}

/** A content key for an output: transient fields and execution counts do not count. */
function outputKey(output: any): string {
  const { output_type, name, text, data, ename, evalue } = output ?? {};
  return JSON.stringify({ output_type, name, text, data, ename, evalue });
}

function hasImage(output: any): boolean {
  return Object.keys(output?.data ?? {}).some(m => m.startsWith('image/'));
}

export function summarizeOutputs(
  base: any[] = [],
  target: any[] = []
): IOutputsSummary {
  const parts = diffArrays(base.map(outputKey), target.map(outputKey));
  let added = 0;
  let removed = 0;
  let imagesChanged = 0;
  // Position in the target, to find the images among the added outputs.
  let ti = 0;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    if (part.added) {
      added += n;
      imagesChanged += target.slice(ti, ti + n).filter(hasImage).length;
      ti += n;
    } else if (part.removed) {
      removed += n;
    } else {
      ti += n;
    }
  }
  return { changed: added + removed > 0, added, removed, imagesChanged };
}

/**
 * Pair the cells of two notebooks. With cell ids (nbformat 4.5) on both sides, cells pair by id;
 * otherwise by an LCS over (type, source), then leftovers pair in order when their types agree.
 */
export function matchCells(
  base: ICellLike[],
  target: ICellLike[]
): [number | null, number | null][] {
  const haveIds = (cells: ICellLike[]) =>
    cells.length > 0 && cells.every(c => typeof c.id === 'string' && c.id);
  const pairs: [number | null, number | null][] = [];
  if (haveIds(base) && haveIds(target)) {
    const targetById = new Map(target.map((c, i) => [c.id!, i]));
    const matched = new Set<number>();
    base.forEach((c, i) => {
      const j = targetById.get(c.id!);
      if (j !== undefined) {
        matched.add(j);
      }
      pairs.push([i, j ?? null]);
    });
    target.forEach((_, j) => {
      if (!matched.has(j)) {
        pairs.push([null, j]);
      }
    });
    return pairs;
  }
  const key = (c: ICellLike) => `${c.cell_type}\u0000${sourceOf(c)}`;
  const parts = diffArrays(base.map(key), target.map(key));
  let bi = 0;
  let ti = 0;
  let removedRun: number[] = [];
  const flushRemoved = (added: number[]) => {
    // A removed and an added cell of the same type at the same place: one modified cell.
    while (
      removedRun.length &&
      added.length &&
      base[removedRun[0]].cell_type === target[added[0]].cell_type
    ) {
      pairs.push([removedRun.shift()!, added.shift()!]);
    }
    removedRun.forEach(i => pairs.push([i, null]));
    added.forEach(j => pairs.push([null, j]));
    removedRun = [];
  };
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    if (part.removed) {
      removedRun.push(...Array.from({ length: n }, (_, k) => bi + k));
      bi += n;
    } else if (part.added) {
      flushRemoved(Array.from({ length: n }, (_, k) => ti + k));
      ti += n;
    } else {
      flushRemoved([]);
      for (let k = 0; k < n; k++) {
        pairs.push([bi++, ti++]);
      }
    }
  }
  flushRemoved([]);
  return pairs;
}

/**
 * Cell-aware diff of `base` against `target`, in the target's order (removed cells where they stood).
 * Source line diffs are computed on demand (`lineDiff`), so large notebooks compare quickly.
 */
export function diffNotebooks(
  base: ICellLike[],
  target: ICellLike[]
): ICellDiff[] {
  const pairs = matchCells(base, target);
  // Cells that kept their relative order: an LCS over the matched pairs' base positions.
  const matched = pairs
    .filter(([b, t]) => b !== null && t !== null)
    .sort((x, y) => x[1]! - y[1]!);
  const inOrder = new Set<number>();
  const order = diffArrays(
    [...matched].sort((x, y) => x[0]! - y[0]!).map(p => String(p[0])),
    matched.map(p => String(p[0]))
  );
  for (const part of order) {
    if (!part.added && !part.removed) {
      part.value.forEach(v => inOrder.add(Number(v)));
    }
  }
  const diffs: ICellDiff[] = pairs.map(([b, t]) => {
    const baseCell = b === null ? undefined : base[b];
    const targetCell = t === null ? undefined : target[t];
    const outputs = summarizeOutputs(baseCell?.outputs, targetCell?.outputs);
    const sourceChanged =
      !!baseCell &&
      !!targetCell &&
      (sourceOf(baseCell) !== sourceOf(targetCell) ||
        baseCell.cell_type !== targetCell.cell_type);
    let status: CellStatus;
    if (!baseCell) {
      status = 'added';
    } else if (!targetCell) {
      status = 'removed';
    } else if (!inOrder.has(b!)) {
      status = 'moved';
    } else {
      status = sourceChanged || outputs.changed ? 'modified' : 'unchanged';
    }
    return {
      status,
      base: baseCell,
      baseIndex: b ?? undefined,
      target: targetCell,
      targetIndex: t ?? undefined,
      sourceChanged,
      outputs
    };
  });
  // Target order; a removed cell goes right after the cell that preceded it in the base.
  const position = (d: ICellDiff): number => {
    if (d.targetIndex !== undefined) {
      return d.targetIndex;
    }
    for (let i = d.baseIndex! - 1; i >= 0; i--) {
      const prev = diffs.find(
        x => x.baseIndex === i && x.targetIndex !== undefined
      );
      if (prev) {
        return prev.targetIndex! + 0.5;
      }
    }
    return -0.5;
  };
  return diffs
    .map((d, k) => ({ d, p: position(d), k }))
    .sort((x, y) => x.p - y.p || x.k - y.k)
    .map(x => x.d);
}

/** Line diff of a cell's source, base to target. */
export function lineDiff(d: ICellDiff): Change[] {
  // A cell's last line has no newline: completed here, so that every change is made of whole lines
  // and a removed last line is never shown run together with the line added after it.
  const whole = (text: string) =>
    text && !text.endsWith('\n') ? text + '\n' : text;
  return diffLines(whole(sourceOf(d.base)), whole(sourceOf(d.target)));
}
