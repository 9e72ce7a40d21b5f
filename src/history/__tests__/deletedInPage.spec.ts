import { YNotebook } from '@jupyter/ydoc';
import { DeletedInPage } from '../deletedInPage';

const code = (id: string, source: string) => ({
  cell_type: 'code' as const,
  id,
  source,
  metadata: {},
  outputs: [],
  execution_count: null
});

describe('DeletedInPage', () => {
  it('keeps a deleted cell as it was when deleted, with where it stood', () => {
    const notebook = YNotebook.create();
    notebook.insertCells(0, [
      code('a', 'a = 1'),
      code('b', 'b = 1'),
      code('c', 'c = 1')
    ]);
    const deleted = new DeletedInPage(notebook);
    notebook.getCell(1).setSource('b = edited, never saved');
    notebook.deleteCell(1);
    expect(deleted.cells).toHaveLength(1);
    expect(deleted.cells[0]).toMatchObject({
      cell: { id: 'b', source: 'b = edited, never saved' },
      index: 1,
      after: 'a',
      before: 'c'
    });
  });

  it('follows a cell replaced under its id, and forgets a cell that comes back', () => {
    const notebook = YNotebook.create();
    notebook.insertCells(0, [code('a', 'a = 1'), code('b', 'old')]);
    const deleted = new DeletedInPage(notebook);
    // A restore: delete + insert under the same id, then an edit of the new shared cell.
    notebook.transact(() => {
      notebook.deleteCell(1);
      notebook.insertCell(1, code('b', 'restored'));
    });
    expect(deleted.cells).toEqual([]);
    notebook.getCell(1).setSource('restored, then edited');
    notebook.deleteCell(1);
    expect(deleted.cells[0].cell.source).toBe('restored, then edited');
    notebook.insertCell(1, deleted.cells[0].cell as any);
    expect(deleted.cells).toEqual([]);
    deleted.dispose();
  });
});
