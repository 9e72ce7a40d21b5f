import { nullTranslator } from '@jupyterlab/translation';
import { INotebookSummary, toSummary } from '../../client/historyClient';
import { stripLabel, stripTicks, summaryText } from '../summary';

const trans = nullTranslator.load('jupyterlab_checkpoints');

const notebook = (fields: Partial<INotebookSummary>): INotebookSummary => ({
  kind: 'notebook',
  first: false,
  cells: 4,
  added: 0,
  removed: 0,
  edited: 0,
  outputs: 0,
  moved: 0,
  metadata: false,
  strip: 'uuuu',
  ...fields
});

describe('summaryText', () => {
  it('says what changed against the entry before, most telling first', () => {
    expect(
      summaryText(notebook({ added: 1, edited: 2, outputs: 3 }), trans)
    ).toBe('+1 cell · 2 edited · outputs changed');
    expect(
      summaryText(notebook({ added: 2, removed: 1, metadata: true }), trans)
    ).toBe('+2 cells · −1 cell · metadata changed');
    expect(summaryText(notebook({ moved: 2, outputs: 1 }), trans)).toBe(
      '2 moved · outputs changed'
    );
  });

  it('names the oldest entry by its size and an entry without changes as such', () => {
    expect(summaryText(notebook({ first: true, cells: 3 }), trans)).toBe(
      '3 cells'
    );
    expect(summaryText(notebook({}), trans)).toBe('no changes');
  });

  it('counts lines for text files', () => {
    const text = toSummary({
      kind: 'text',
      first: false,
      added_lines: 3,
      removed_lines: 1
    });
    expect(summaryText(text, trans)).toBe('+3 lines · −1 line');
    expect(
      summaryText(
        toSummary({ kind: 'text', first: true, added_lines: 1 }),
        trans
      )
    ).toBe('1 line');
  });

  it('says nothing when the server could not compute a summary or sent an odd one', () => {
    expect(summaryText(null, trans)).toBe('');
    expect(summaryText(toSummary({ kind: 'spreadsheet' }), trans)).toBe('');
    expect(summaryText(toSummary('<b>x</b>'), trans)).toBe('');
    // Odd figures read as none rather than "NaN edited".
    expect(
      summaryText(
        toSummary({ kind: 'notebook', edited: 'many', added: -2, outputs: 1 }),
        trans
      )
    ).toBe('outputs changed');
  });
});

describe('strip', () => {
  it('has one tick per cell in the entry order, removed cells where they stood', () => {
    expect(stripTicks('uaeorr')).toEqual([
      'unchanged',
      'added',
      'edited',
      'outputs',
      'removed',
      'removed'
    ]);
  });

  it('reads unknown characters as unchanged and counts ticks for screen readers', () => {
    const ticks = stripTicks('ax<e');
    expect(ticks).toEqual(['added', 'unchanged', 'unchanged', 'edited']);
    expect(stripLabel(ticks, trans)).toBe(
      'Cells: 1 added, 0 removed, 1 edited, 0 outputs only, 2 unchanged'
    );
    expect(stripTicks('')).toEqual([]);
  });
});
