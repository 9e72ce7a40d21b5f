import { nullTranslator } from '@jupyterlab/translation';
import { ICheckpoint } from '../../tokens';
import {
  countChanges,
  describePosition,
  markChanges,
  NOW,
  positionsOf
} from '../positions';

const trans = nullTranslator.load('jupyterlab_checkpoints');

const checkpoint = (id: string, minute: number, label = ''): ICheckpoint => ({
  id,
  lastModified: new Date(Date.UTC(2026, 11, 7, 11, minute)).toISOString(),
  label,
  kind: 'manual',
  pinned: false,
  size: null
});

const code = (id: string, source: string, outputs: any[] = []) => ({
  id,
  cell_type: 'code',
  source,
  outputs,
  metadata: {},
  execution_count: null
});

describe('positionsOf', () => {
  it('orders checkpoints oldest to newest and ends with now', () => {
    const positions = positionsOf([
      checkpoint('b', 5),
      checkpoint('a', 1),
      checkpoint('c', 9)
    ]);
    expect(positions.map(p => p.id)).toEqual(['a', 'b', 'c', NOW]);
    expect(positions[3].checkpoint).toBeNull();
  });

  it('says the kind and the label of a position, and "now" for the last', () => {
    const [first, now] = positionsOf([checkpoint('a', 1, 'before refactor')]);
    expect(describePosition(first, trans)).toMatch(/Manual · before refactor$/);
    expect(describePosition(now, trans)).toMatch(/^Now/);
  });
});

describe('markChanges', () => {
  it('marks nothing at the oldest position', () => {
    const marks = markChanges(null, [code('x', 'a = 1')]);
    expect(marks.map(m => m.change)).toEqual(['unchanged']);
  });

  it('marks cells added, changed (source or outputs) and removed, removed ones where they stood', () => {
    const before = [
      code('x', 'a = 1'),
      code('y', 'b = 2'),
      code('z', 'c = 3'),
      code('w', 'plot()', [
        { output_type: 'stream', name: 'stdout', text: '1' }
      ])
    ];
    const after = [
      code('x', 'a = 1'),
      code('z', 'c = 30'),
      code('n', 'new()'),
      code('w', 'plot()', [
        { output_type: 'stream', name: 'stdout', text: '2' }
      ])
    ];
    const marks = markChanges(before, after);
    expect(marks.map(m => [m.cell.id, m.change, m.index])).toEqual([
      ['x', 'unchanged', 0],
      ['y', 'removed', undefined],
      ['z', 'changed', 1],
      ['n', 'added', 2],
      ['w', 'changed', 3]
    ]);
    expect(countChanges(marks)).toEqual({ added: 1, changed: 2, removed: 1 });
  });

  it('does not mark a cell that only moved', () => {
    const before = [code('x', 'a'), code('y', 'b'), code('z', 'c')];
    const after = [code('z', 'c'), code('x', 'a'), code('y', 'b')];
    expect(countChanges(markChanges(before, after))).toEqual({
      added: 0,
      changed: 0,
      removed: 0
    });
  });
});
