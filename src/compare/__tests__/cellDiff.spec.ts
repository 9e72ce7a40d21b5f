import {
  diffNotebooks,
  ICellLike,
  lineDiff,
  matchCells,
  summarizeOutputs
} from '../cellDiff';

const code = (
  id: string | undefined,
  source: string,
  outputs: any[] = []
): ICellLike => ({
  ...(id ? { id } : {}),
  cell_type: 'code',
  source,
  outputs,
  metadata: {},
  execution_count: null
});
const png = (data: string) => ({
  output_type: 'display_data',
  data: { 'image/png': data },
  metadata: {}
});

describe('cell-aware diff', () => {
  it('finds added, removed, modified and unchanged cells by id', () => {
    const base = [code('a', 'x = 1'), code('b', 'y = 2'), code('c', 'z = 3')];
    const target = [
      code('a', 'x = 1'),
      code('c', 'z = 30'),
      code('d', 'w = 4')
    ];
    const diffs = diffNotebooks(base, target);
    expect(diffs.map(d => [d.status, d.base?.id ?? d.target?.id])).toEqual([
      ['unchanged', 'a'],
      ['removed', 'b'],
      ['modified', 'c'],
      ['added', 'd']
    ]);
    const changes = lineDiff(diffs[2]);
    expect(changes.filter(c => c.removed).map(c => c.value)).toEqual([
      'z = 3\n'
    ]);
    expect(changes.filter(c => c.added).map(c => c.value)).toEqual([
      'z = 30\n'
    ]);
  });

  it('keeps a changed last line apart from the lines added after it', () => {
    const [d] = diffNotebooks(
      [code('a', 'x = 41 + 1\nx')],
      [code('a', 'x = 7\nprint(x)')]
    );
    const changes = lineDiff(d);
    expect(
      changes
        .filter(c => c.removed)
        .map(c => c.value)
        .join('')
    ).toBe('x = 41 + 1\nx\n');
    expect(
      changes
        .filter(c => c.added)
        .map(c => c.value)
        .join('')
    ).toBe('x = 7\nprint(x)\n');
    expect(changes.every(c => c.value.endsWith('\n'))).toBe(true);
  });

  it('marks a cell that changed place as moved', () => {
    const base = [code('a', '1'), code('b', '2'), code('c', '3')];
    const target = [code('c', '3'), code('a', '1'), code('b', '2')];
    const diffs = diffNotebooks(base, target);
    expect(diffs.find(d => d.base?.id === 'c')!.status).toBe('moved');
    expect(diffs.filter(d => d.status === 'unchanged')).toHaveLength(2);
  });

  it('matches cells without ids by content, then pairs edits in place', () => {
    const base = [
      code(undefined, 'import x'),
      code(undefined, 'x.run()'),
      code(undefined, 'print(1)')
    ];
    const target = [
      code(undefined, 'import x'),
      code(undefined, 'x.run(fast=True)'),
      code(undefined, 'print(1)'),
      code(undefined, 'new')
    ];
    expect(matchCells(base, target)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [null, 3]
    ]);
    expect(diffNotebooks(base, target).map(d => d.status)).toEqual([
      'unchanged',
      'modified',
      'unchanged',
      'added'
    ]);
  });

  it('compares outputs by content, images included', () => {
    expect(summarizeOutputs([png('AAA')], [png('AAA')]).changed).toBe(false);
    expect(summarizeOutputs([png('AAA')], [png('BBB')])).toEqual({
      changed: true,
      added: 1,
      removed: 1,
      imagesChanged: 1
    });
    const withCount = {
      output_type: 'execute_result',
      data: { 'text/plain': '1' },
      execution_count: 3,
      metadata: {}
    };
    expect(
      summarizeOutputs([withCount], [{ ...withCount, execution_count: 9 }])
        .changed
    ).toBe(false);
    const diffs = diffNotebooks(
      [code('a', 'plot()', [png('AAA')])],
      [code('a', 'plot()', [png('BBB')])]
    );
    expect(diffs[0]).toMatchObject({
      status: 'modified',
      sourceChanged: false
    });
  });
});
