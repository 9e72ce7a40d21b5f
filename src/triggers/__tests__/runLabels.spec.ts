import { nullTranslator } from '@jupyterlab/translation';
import { firstLine, IRunRecord, RunGroup } from '../runGroup';
import { RunTracker } from '../runTracker';

const trans = nullTranslator.load('jupyterlab_checkpoints');

function group(records: IRunRecord[]): RunGroup {
  const g = new RunGroup();
  records.forEach(r => g.add(r));
  return g;
}

describe('automatic labels name what ran, as the prompts show it', () => {
  it('quotes the cell and the execution count of one run', () => {
    const g = group([
      {
        index: 5,
        success: true,
        executionCount: 5,
        source: '\n  df = load("sales.csv")\nprint(df)'
      }
    ]);
    expect(g.label(trans)).toBe('Ran [5] df = load("sales.csv")');
  });

  it('tells repeated runs of the same cells apart', () => {
    const labels = [1, 2, 3].map(run =>
      group([
        { index: 1, success: true, executionCount: 2 * run, source: 'a = 1' },
        { index: 2, success: true, executionCount: 2 * run + 1, source: 'b' }
      ]).label(trans)
    );
    expect(labels).toEqual([
      'Ran [2]–[3] a = 1',
      'Ran [4]–[5] a = 1',
      'Ran [6]–[7] a = 1'
    ]);
    expect(new Set(labels).size).toBe(3);
  });

  it('names a failure by the prompt users see, not the position', () => {
    const g = group([
      { index: 4, success: true, executionCount: 4, source: 'x = 1' },
      {
        index: 5,
        success: false,
        errorName: 'KeyError',
        executionCount: 5,
        source: 'df["x"]'
      },
      { index: 6, success: false, executionCount: null, source: 'later()' }
    ]);
    expect(g.label(trans)).toBe('KeyError in [5] df["x"]');
  });

  it('counts non-contiguous prompts and ignores markdown cells', () => {
    const g = group([
      { index: 0, success: true, code: false, source: '# Title' },
      { index: 1, success: true, executionCount: 3, source: 'import os' },
      { index: 4, success: true, executionCount: 9, source: 'os.getcwd()' }
    ]);
    expect(g.label(trans)).toBe('Ran 2 cells import os');
  });

  it('shortens long first lines', () => {
    const line = firstLine('result = ' + 'x + '.repeat(30) + 'y');
    expect(line.length).toBeLessThanOrEqual(40);
    expect(line.startsWith('result = x + x')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(firstLine('   \n\t a   =   1  \n')).toBe('a = 1');
  });

  it('reads the count and source of the cell when its run ends', () => {
    jest.useFakeTimers();
    const groups: RunGroup[] = [];
    const tracker = new RunTracker({
      quietMs: 10,
      onDrained: (_nb, g) => groups.push(g)
    });
    const model = {
      type: 'code',
      executionState: 'idle',
      executionCount: null as number | null,
      sharedModel: { getSource: () => 'total = sum(values)' }
    };
    const cell = { isDisposed: false, model };
    const nb = { widgets: [cell] };
    tracker.scheduled(nb, cell);
    model.executionCount = 12;
    tracker.executed(nb, cell, true);
    jest.advanceTimersByTime(20);
    tracker.dispose();
    jest.useRealTimers();
    expect(groups[0].label(trans)).toBe('Ran [12] total = sum(values)');
  });
});
