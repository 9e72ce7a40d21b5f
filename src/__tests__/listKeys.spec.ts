import { movedIndex } from '../views/listKeys';

describe('movedIndex', () => {
  it('moves down and up within the list', () => {
    expect(movedIndex('ArrowDown', 0, 3)).toBe(1);
    expect(movedIndex('ArrowDown', 2, 3)).toBe(2);
    expect(movedIndex('ArrowUp', 0, 3)).toBe(0);
    expect(movedIndex('ArrowUp', 2, 3)).toBe(1);
  });

  it('goes to the ends, and from no focus to the first', () => {
    expect(movedIndex('Home', 2, 3)).toBe(0);
    expect(movedIndex('End', 0, 3)).toBe(2);
    expect(movedIndex('ArrowDown', -1, 3)).toBe(0);
  });

  it('leaves other keys to the list', () => {
    expect(movedIndex('Enter', 1, 3)).toBeNull();
    expect(movedIndex('Delete', 1, 3)).toBeNull();
  });
});
