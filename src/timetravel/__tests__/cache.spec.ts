import { cellDigest, LruCache } from '../cache';

describe('LruCache', () => {
  it('drops the least recently used past its limit, releasing it', () => {
    const dropped: string[] = [];
    const cache = new LruCache<string, number>(2, (_, k) => dropped.push(k));
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect(dropped).toEqual(['b']);
    expect(cache.has('a')).toBe(true);
    expect(cache.get('b')).toBeUndefined();
  });

  it('keeps entries still in use, growing past its limit meanwhile', () => {
    const dropped: string[] = [];
    const cache = new LruCache<string, number>(1, (_, k) => dropped.push(k));
    cache.set('shown', 1);
    cache.set('next', 2, k => k === 'shown');
    expect(dropped).toEqual([]);
    expect(cache.size).toBe(2);
    cache.set('later', 3);
    expect(dropped).toEqual(['shown', 'next']);
  });
});

describe('cellDigest', () => {
  const cell = (source: string, count: number | null = 1) => ({
    cell_type: 'code',
    source,
    execution_count: count,
    outputs: [{ output_type: 'stream', name: 'stdout', text: 'x'.repeat(5000) }]
  });

  it('is equal for equal cells and differs when any part differs', () => {
    expect(cellDigest(cell('a = 1'))).toBe(cellDigest(cell('a = 1')));
    expect(cellDigest(cell('a = 1'))).not.toBe(cellDigest(cell('a = 2')));
    // The prompt shows the execution count: a re-run cell renders differently.
    expect(cellDigest(cell('a = 1', 1))).not.toBe(cellDigest(cell('a = 1', 2)));
  });

  it('is computed once per cell object', () => {
    const c = cell('a = 1');
    const first = cellDigest(c);
    c.source = 'changed in place';
    expect(cellDigest(c)).toBe(first);
  });
});
