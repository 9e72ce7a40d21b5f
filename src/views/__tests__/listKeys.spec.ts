import { moveFocus, movedIndex } from '../listKeys';

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

describe('moveFocus', () => {
  const list = () => {
    const items = [0, 1, 2].map(() => {
      const item = document.createElement('li');
      item.tabIndex = 0;
      document.body.appendChild(item);
      return item;
    });
    return items;
  };

  it('focuses the next item and keeps the key from scrolling', () => {
    const items = list();
    items[0].focus();
    const event = { key: 'ArrowDown', preventDefault: jest.fn() };
    expect(moveFocus(event, items, 0)).toBe(items[1]);
    expect(document.activeElement).toBe(items[1]);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('leaves other keys and empty lists alone', () => {
    const items = list();
    items[2].focus();
    const enter = { key: 'Enter', preventDefault: jest.fn() };
    expect(moveFocus(enter, items, 2)).toBeNull();
    expect(document.activeElement).toBe(items[2]);
    expect(enter.preventDefault).not.toHaveBeenCalled();
    expect(moveFocus({ key: 'End', preventDefault: jest.fn() }, [], -1)).toBe(
      null
    );
  });
});
