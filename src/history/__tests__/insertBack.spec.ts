import { insertBackIndex, stillDeleted } from '../insertBack';

describe('insertBackIndex', () => {
  const ids = ['a', 'b', 'c'];
  it('puts a cell right after the cell that preceded it', () => {
    expect(insertBackIndex(ids, 'a', 'c')).toBe(1);
    expect(insertBackIndex(ids, 'c', null)).toBe(3);
  });

  it('else right before the cell that followed it', () => {
    expect(insertBackIndex(ids, 'gone', 'b')).toBe(1);
    expect(insertBackIndex(ids, null, 'a')).toBe(0);
  });

  it('else at the end', () => {
    expect(insertBackIndex(ids, 'gone', 'also-gone')).toBe(3);
    expect(insertBackIndex(ids, null, null)).toBe(3);
    expect(insertBackIndex([], 'a', 'b')).toBe(0);
  });
});

describe('stillDeleted', () => {
  it('drops cells the open notebook already holds again', () => {
    const cells = [{ cell: { id: 'x' } }, { cell: { id: 'b' } }, { cell: {} }];
    expect(stillDeleted(cells, ['a', 'b'])).toEqual([
      { cell: { id: 'x' } },
      { cell: {} }
    ]);
  });
});
