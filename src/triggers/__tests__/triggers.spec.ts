import { nullTranslator } from '@jupyterlab/translation';
import { intervalFromMetadata, parseAutosaveMagic } from '../autosaveMagic';
import { contentHash, RunGroup, runLabel } from '../runGroup';

const trans = nullTranslator.load('jupyterlab_checkpoints');

function group(records: [number, boolean, string?][]): RunGroup {
  const g = new RunGroup();
  records.forEach(([index, success, errorName]) =>
    g.add({ index, success, errorName })
  );
  return g;
}

describe('RunGroup labels', () => {
  it('names one cell, a range, or a count (1-based)', () => {
    expect(group([[2, true]]).label(trans)).toBe('Ran cell 3');
    expect(
      group([
        [2, true],
        [3, true],
        [4, true],
        [5, true],
        [6, true]
      ]).label(trans)
    ).toBe('Ran cells 3-7');
    expect(
      group([
        [0, true],
        [5, true],
        [9, true]
      ]).label(trans)
    ).toBe('Ran 3 cells');
    expect(
      group([
        [4, true],
        [4, true]
      ]).label(trans)
    ).toBe('Ran cell 5');
  });

  it('names the first failure and its error type', () => {
    const g = group([
      [0, true],
      [6, false, 'ValueError'],
      [7, false, 'KeyError']
    ]);
    expect(g.failed).toBe(true);
    expect(g.label(trans)).toBe('ValueError in cell 7');
    expect(group([[1, false]]).label(trans)).toBe('Error in cell 2');
  });

  it('names the failure that has an error name, not the cells aborted after it', () => {
    // Run All with stop-on-error: cell 3 raised, cells 4-5 were aborted (no error name).
    const g = group([
      [0, true],
      [1, true],
      [3, false],
      [2, false, 'ZeroDivisionError'],
      [4, false]
    ]);
    expect(g.label(trans)).toBe('ZeroDivisionError in cell 3');
  });

  it('counts markdown cells in the range but needs a code cell to checkpoint', () => {
    const g = new RunGroup();
    g.add({ index: 0, success: true, code: false });
    expect(g.ranCode).toBe(false);
    g.add({ index: 1, success: true });
    expect(g.ranCode).toBe(true);
    expect(g.label(trans)).toBe('Ran cells 1-2');
  });

  it('labels plain lists of cell numbers', () => {
    expect(runLabel([7], trans)).toBe('Ran cell 7');
    expect(runLabel([3, 4, 5, 6, 7], trans)).toBe('Ran cells 3-7');
    expect(runLabel([1, 2, 4, 8, 9, 10, 11, 12, 13, 14, 15, 20], trans)).toBe(
      'Ran 12 cells'
    );
  });
});

describe('content hash', () => {
  it('hashes equal content equally and different content differently', () => {
    expect(contentHash('{"cells":[]}')).toBe(contentHash('{"cells":[]}'));
    expect(contentHash('{"cells":[1]}')).not.toBe(contentHash('{"cells":[2]}'));
    expect(contentHash('')).toBe(contentHash(''));
  });
});

describe('%autosave magic', () => {
  it('reads the seconds of the last %autosave line', () => {
    expect(parseAutosaveMagic('%autosave 0')).toBe(0);
    expect(parseAutosaveMagic('x = 1\n  %autosave 30\n%autosave 60\n')).toBe(
      60
    );
    expect(parseAutosaveMagic('# %autosave 30')).toBeNull();
    expect(parseAutosaveMagic('%autosave')).toBeNull();
    expect(parseAutosaveMagic('%autosave -5')).toBeNull();
  });
  it('reads the override from metadata', () => {
    expect(intervalFromMetadata({ autosave_interval: 30 })).toBe(30);
    expect(intervalFromMetadata({ autosave_interval: 0 })).toBe(0);
    expect(intervalFromMetadata({ autosave_interval: 'x' })).toBeNull();
    expect(intervalFromMetadata(undefined)).toBeNull();
  });
});
