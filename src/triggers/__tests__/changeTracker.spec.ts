import { ICodeCellModel } from '@jupyterlab/cells';
import { NotebookModel } from '@jupyterlab/notebook';
import { ChangeTracker } from '../changeTracker';
import { notebookModel } from './notebookFixture';

function codeCell(model: NotebookModel, index: number): ICodeCellModel {
  return model.cells.get(index) as ICodeCellModel;
}

describe('ChangeTracker', () => {
  let model: NotebookModel;
  let tracker: ChangeTracker;
  beforeEach(() => {
    model = notebookModel(3);
    tracker = new ChangeTracker(model.sharedModel);
  });
  afterEach(() => {
    tracker.dispose();
    model.dispose();
  });

  it('starts with nothing changed and no base', () => {
    expect(tracker.hasChanges).toBe(false);
    expect(tracker.base).toBeNull();
    expect(tracker.complete).toBe(true);
  });

  it('counts a source edit against its cell only', () => {
    model.sharedModel.getCell(1).setSource('y = 2');
    const taken = tracker.take();
    expect([...taken.cells]).toEqual(['c1']);
    expect(taken.order).toBe(false);
    expect(taken.metadata).toBe(false);
  });

  it('sees outputs, which JupyterLab writes with a silent origin', () => {
    // What running a cell does: the output area model writes into the shared model silently.
    codeCell(model, 2).outputs.add({
      output_type: 'stream',
      name: 'stdout',
      text: 'hello\n'
    });
    expect([...tracker.take().cells]).toEqual(['c2']);
    // Stream text appended to the same output goes another way again.
    codeCell(model, 2).outputs.add({
      output_type: 'stream',
      name: 'stdout',
      text: 'more\n'
    });
    expect([...tracker.take().cells]).toEqual(['c2']);
    expect(JSON.stringify(model.toJSON().cells[2].outputs)).toContain('more');
  });

  it('sees execution counts and cell metadata', () => {
    codeCell(model, 0).executionCount = 7;
    model.sharedModel.getCell(1).setMetadata('tags', ['a']);
    expect([...tracker.take().cells].sort()).toEqual(['c0', 'c1']);
  });

  it('counts inserted, removed and moved cells as an order change', () => {
    model.sharedModel.insertCell(1, {
      cell_type: 'markdown',
      id: 'new',
      source: '# hi'
    });
    let taken = tracker.take();
    expect(taken.order).toBe(true);
    expect([...taken.cells]).toEqual(['new']);

    model.sharedModel.deleteCell(0);
    taken = tracker.take();
    expect(taken.order).toBe(true);
    expect(taken.cells.size).toBe(0);

    model.sharedModel.moveCell(0, 2);
    taken = tracker.take();
    expect(taken.order).toBe(true);
    expect(taken.cells.has('new')).toBe(true);
    // The moved cell comes back as a new shared cell: it is still watched.
    model.sharedModel.cells
      .find(c => c.id === 'new')!
      .setSource('# moved and edited');
    expect([...tracker.take().cells]).toEqual(['new']);
  });

  it('counts notebook metadata changes', () => {
    model.setMetadata('foo', 1);
    const taken = tracker.take();
    expect(taken.metadata).toBe(true);
    expect(taken.cells.size).toBe(0);
  });

  it('keeps changes of a failed checkpoint and those made while it was sent', () => {
    model.sharedModel.getCell(0).setSource('a');
    const taken = tracker.take();
    expect(tracker.hasChanges).toBe(false);
    model.sharedModel.getCell(2).setSource('b');
    tracker.restore(taken);
    expect([...tracker.take().cells].sort()).toEqual(['c0', 'c2']);
  });

  it('moves the base on commit and starts counting afresh', () => {
    model.sharedModel.getCell(0).setSource('a');
    tracker.commit('cp-1', tracker.take());
    expect(tracker.base).toBe('cp-1');
    expect(tracker.hasChanges).toBe(false);
    model.sharedModel.getCell(0).setSource('b');
    expect(tracker.hasChanges).toBe(true);
  });

  it('never serialises the notebook on change signals', () => {
    const stringify = jest.spyOn(JSON, 'stringify');
    const toJSON = jest.spyOn(model.sharedModel, 'toJSON');
    const cellToJSON = model.sharedModel.cells.map(c =>
      jest.spyOn(c, 'toJSON')
    );
    codeCell(model, 0).outputs.add({
      output_type: 'display_data',
      data: { 'text/plain': 'x' },
      metadata: {}
    });
    model.sharedModel.getCell(1).setSource('edited');
    model.setMetadata('foo', 2);
    expect(stringify).not.toHaveBeenCalled();
    expect(toJSON).not.toHaveBeenCalled();
    for (const spy of cellToJSON) {
      expect(spy).not.toHaveBeenCalled();
    }
    stringify.mockRestore();
    expect(tracker.hasChanges).toBe(true);
  });

  it('stops listening once disposed', () => {
    tracker.dispose();
    model.sharedModel.getCell(0).setSource('after');
    expect(tracker.hasChanges).toBe(false);
  });
});
