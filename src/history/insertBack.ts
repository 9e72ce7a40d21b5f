/**
 * Where a deleted cell goes back: right after the cell that preceded it (`after`) when that cell is
 * still there, else right before the one that followed it (`before`), else at the end.
 */
export function insertBackIndex(
  currentIds: readonly string[],
  after: string | null,
  before: string | null
): number {
  const afterAt = after === null ? -1 : currentIds.indexOf(after);
  if (afterAt >= 0) {
    return afterAt + 1;
  }
  const beforeAt = before === null ? -1 : currentIds.indexOf(before);
  if (beforeAt >= 0) {
    return beforeAt;
  }
  return currentIds.length;
}

/** The deleted cells the open notebook does not hold (the file on disk may lag behind it). */
export function stillDeleted<T extends { cell: { id?: string } }>(
  cells: readonly T[],
  currentIds: readonly string[]
): T[] {
  const live = new Set(currentIds);
  return cells.filter(c => !c.cell.id || !live.has(c.cell.id));
}
