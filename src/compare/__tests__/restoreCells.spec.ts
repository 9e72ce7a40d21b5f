import { YNotebook } from '@jupyter/ydoc';
import { diffNotebooks } from '../cellDiff';
import { restoreCells } from '../restoreCells';

const cell = (id: string, source: string) => ({
  id,
  cell_type: 'code' as const,
  source,
  metadata: {},
  outputs: [],
  execution_count: null
});

describe('restoreCells', () => {
  it('puts chosen cells back in place as one undoable step, leaving the rest', () => {
    const checkpoint = [
      cell('a', 'a = 1'),
      cell('b', 'b = 2'),
      cell('c', 'c = 3')
    ];
    const notebook = YNotebook.create({ disableDocumentWideUndoRedo: true });
    notebook.insertCells(0, [cell('a', 'a = 10'), cell('c', 'c = 30')]);
    notebook.undoManager.clear();
    const current = notebook.cells.map(c => c.toJSON());
    const diffs = diffNotebooks(checkpoint, current);
    const chosen = diffs.filter(d => d.base?.id === 'a' || d.base?.id === 'b');

    expect(restoreCells(notebook, diffs, chosen)).toBe(2);
    expect(notebook.cells.map(c => c.getSource())).toEqual([
      'a = 1',
      'b = 2',
      'c = 30'
    ]);

    notebook.undo();
    expect(notebook.cells.map(c => c.getSource())).toEqual([
      'a = 10',
      'c = 30'
    ]);
  });

  it('applied twice from the same comparison, adds no second copy of a removed cell', () => {
    const checkpoint = [cell('a', 'a = 1'), cell('b', 'b = 2')];
    const notebook = YNotebook.create({ disableDocumentWideUndoRedo: true });
    notebook.insertCells(0, [cell('a', 'a = 1')]);
    const diffs = diffNotebooks(
      checkpoint,
      notebook.cells.map(c => c.toJSON())
    );
    const chosen = diffs.filter(d => d.base?.id === 'b');
    restoreCells(notebook, diffs, chosen);
    restoreCells(notebook, diffs, chosen);
    expect(notebook.cells.map(c => c.id)).toEqual(['a', 'b']);
  });
});
