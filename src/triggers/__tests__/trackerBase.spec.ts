import { NotebookModel } from '@jupyterlab/notebook';
import { ChangeTracker } from '../changeTracker';
import { notebookModel } from './notebookFixture';

/** What a delta's base is and which changes count against it: the file, then checkpoints and saves. */
describe('ChangeTracker base', () => {
  let model: NotebookModel;
  let tracker: ChangeTracker;
  const edit = (cell: number, source: string) =>
    model.sharedModel.getCell(cell).setSource(source);
  const changed = () => [...tracker.take().cells].sort();
  beforeEach(() => {
    model = notebookModel(3);
    tracker = new ChangeTracker(model.sharedModel);
  });
  afterEach(() => {
    tracker.dispose();
    model.dispose();
  });

  it('takes the loaded file as the base, with nothing changed since', () => {
    edit(0, 'loading');
    tracker.fileLoaded('2026-01-01T00:00:00.000001Z');
    expect(tracker.base).toEqual({ file: '2026-01-01T00:00:00.000001Z' });
    expect(tracker.hasChanges).toBe(false);
    edit(2, 'x');
    expect(changed()).toEqual(['c2']);
  });

  it('makes the saved file the base, counting edits made during the save', () => {
    tracker.commit('cp-1', tracker.take());
    edit(0, 'saved');
    tracker.saveStarted();
    edit(1, 'typed while saving');
    tracker.saveEnded('2026-01-02T00:00:00Z');
    expect(tracker.base).toEqual({ file: '2026-01-02T00:00:00Z' });
    expect(changed()).toEqual(['c1']);
  });

  it('keeps the base and the changes when a save fails', () => {
    tracker.fileLoaded('t0');
    edit(0, 'a');
    tracker.saveStarted();
    tracker.saveEnded(null);
    expect(tracker.base).toEqual({ file: 't0' });
    expect(changed()).toEqual(['c0']);
  });

  it('makes no base of saves that overlap', () => {
    tracker.fileLoaded('t0');
    edit(0, 'a');
    tracker.saveStarted();
    edit(1, 'b');
    tracker.saveStarted();
    tracker.saveEnded('t1');
    tracker.saveEnded('t2');
    expect(tracker.base).toEqual({ file: 't0' });
    expect(changed()).toEqual(['c0', 'c1']);
    tracker.saveStarted(); // one at a time again
    tracker.saveEnded('t3');
    expect(tracker.base).toEqual({ file: 't3' });
  });

  it('does not let a checkpoint taken before a save replace the saved file', () => {
    tracker.fileLoaded('t0');
    edit(0, 'a');
    const taken = tracker.take(); // a checkpoint being sent...
    edit(1, 'b');
    tracker.saveStarted(); // ...while a save starts and ends
    tracker.saveEnded('t1');
    tracker.commit('cp-old', taken);
    expect(tracker.base).toEqual({ file: 't1' });
    expect(tracker.hasChanges).toBe(false);
  });

  it('does not let a save started before a checkpoint replace it', () => {
    tracker.fileLoaded('t0');
    edit(0, 'a');
    tracker.saveStarted();
    edit(1, 'b');
    const taken = tracker.take(); // holds c0 and c1
    tracker.commit('cp-new', taken);
    edit(2, 'c');
    tracker.saveEnded('t1'); // the file lacks c1: it is older than cp-new
    expect(tracker.base).toBe('cp-new');
    expect(changed()).toEqual(['c2']);
  });

  it('counts again what a checkpoint in flight took when a save ends first', () => {
    tracker.fileLoaded('t0');
    tracker.saveStarted();
    edit(0, 'a');
    const taken = tracker.take(); // c0, which the saved file lacks
    tracker.saveEnded('t1');
    expect(tracker.base).toEqual({ file: 't1' });
    tracker.restore(taken);
    expect(changed()).toEqual(['c0']);
  });
});
