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

/**
 * Moves the focus among `items` when `event` is an arrow, Home or End key (and keeps the key from
 * scrolling the panel); the item focused now, or null for any other key.
 */
export function moveFocus(
  event: { key: string; preventDefault(): void },
  items: HTMLElement[],
  index: number
): HTMLElement | null {
  const moved = movedIndex(event.key, index, items.length);
  if (moved === null || !items[moved]) {
    return null;
  }
  items[moved].focus();
  event.preventDefault();
  return items[moved];
}
