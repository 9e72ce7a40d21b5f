/**
 * Where the arrow, Home and End keys move the focus in a list of `count` items from `index`
 * (-1: none focused), or null for any other key. One rule for every list of checkpoints.
 */
export function movedIndex(
  key: string,
  index: number,
  count: number
): number | null {
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = index + 1;
      break;
    case 'ArrowUp':
      next = index - 1;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    default:
      return null;
  }
  return Math.max(0, Math.min(count - 1, next));
}
