import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { AutoCheckpointer } from '../autoCheckpointer';
import { ICheckpoint, ICheckpoints, ICreateOptions } from '../../tokens';

const trans = nullTranslator.load('jupyterlab_checkpoints');

/** An in-memory checkpoint service (only what the checkpointer uses). */
class FakeService {
  serverInfo = Promise.resolve({ version: 'test' });
  runExclusive = <T>(_path: string, task: () => Promise<T>) => task();
  list = jest.fn(async (_path: string) => [...this.items]);
  create = jest.fn(async (_path: string, options: ICreateOptions = {}) => {
    const c: ICheckpoint = {
      id: `c${++this._n}`,
      lastModified: new Date().toISOString(),
      label: options.label ?? '',
      kind: options.kind ?? 'manual',
      pinned: !!options.pinned,
      size: 1
    };
    this.items.push(c);
    return c;
  });
  remove = jest.fn(async (_path: string, id: string) => {
    this.items = this.items.filter(c => c.id !== id);
  });
  items: ICheckpoint[] = [];
  private _n = 0;
}

function setup(n = 5) {
  const scheduled = new Signal<any, any>({});
  const executed = new Signal<any, any>({});
  const cells = Array.from({ length: n }, (_, i) => ({
    isDisposed: false,
    model: {
      type: 'code',
      executionState: 'idle',
      source: `x = ${i}`,
      outputs: undefined as unknown
    }
  }));
  const notebook: any = { widgets: cells, disposed: new Signal<any, void>({}) };
  const doc = {
    cells: cells.map(c => ({
      source: c.model.source,
      count: null as number | null
    }))
  };
  const context: any = {
    path: 'nb.ipynb',
    isReady: true,
    isDisposed: false,
    contentsModel: { writable: true },
    model: {
      dirty: false,
      readOnly: false,
      toJSON: () => JSON.parse(JSON.stringify(doc))
    },
    save: jest.fn(async () => {
      context.model.dirty = false;
    })
  };
  const service = new FakeService();
  const checkpointer = new AutoCheckpointer(
    service as unknown as ICheckpoints,
    trans,
    nb => (nb === notebook ? context : null),
    { mode: 'afterRun', minSpacing: 30, quietMs: 500 },
    { executionScheduled: scheduled, executed }
  );
  let count = 0;
  /** Run cells (0-based indexes), as JupyterLab's signals report it; `fail` raises in that one. */
  const run = async (
    indexes: number[],
    fail?: { index: number; name: string }
  ) => {
    for (const i of indexes) {
      cells[i].model.executionState = 'running';
      scheduled.emit({ notebook, cell: cells[i] });
    }
    for (const i of indexes) {
      cells[i].model.executionState = 'idle';
      doc.cells[i].count = ++count;
      context.model.dirty = true;
      const failed = fail?.index === i;
      executed.emit({
        notebook,
        cell: cells[i],
        success: !failed,
        error: failed ? { errorName: fail!.name } : undefined
      });
    }
    jest.advanceTimersByTime(500);
    await checkpointer.idle;
  };
  return {
    scheduled,
    executed,
    checkpointer,
    service,
    context,
    doc,
    run,
    notebook
  };
}

describe('AutoCheckpointer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('makes one checkpoint for Run All of 5 cells, after saving', async () => {
    const { service, context, run, checkpointer } = setup(5);
    await run([0, 1, 2, 3, 4]);
    expect(context.save).toHaveBeenCalledTimes(1);
    expect(service.create).toHaveBeenCalledTimes(1);
    expect(service.create).toHaveBeenCalledWith('nb.ipynb', {
      kind: 'auto',
      label: 'Ran cells 1-5'
    });
    expect(checkpointer.lastOutcome).toMatchObject({
      action: 'created',
      replaced: null
    });
  });

  it('coalesces 50 cells into one checkpoint', async () => {
    const { service, run } = setup(50);
    await run(Array.from({ length: 50 }, (_, i) => i));
    expect(service.create).toHaveBeenCalledTimes(1);
    expect(service.items[0].label).toBe('Ran cells 1-50');
  });

  it('replaces its previous automatic checkpoint within the spacing, keeps others', async () => {
    const { service, run } = setup(5);
    await service.create('nb.ipynb', { kind: 'manual', label: 'mine' });
    await run([0]);
    jest.advanceTimersByTime(5000);
    await run([2, 4]);
    expect(service.items.map(c => [c.kind, c.label])).toEqual([
      ['manual', 'mine'],
      ['auto', 'Ran 2 cells']
    ]);
    jest.advanceTimersByTime(30000);
    await run([1]);
    expect(service.items.map(c => c.label)).toEqual([
      'mine',
      'Ran 2 cells',
      'Ran cell 2'
    ]);
  });

  it('keeps a previous automatic checkpoint the user pinned', async () => {
    const { service, run } = setup(3);
    await run([0]);
    service.items[0] = { ...service.items[0], pinned: true };
    await run([1]);
    expect(service.items.map(c => c.label)).toEqual([
      'Ran cell 1',
      'Ran cell 2'
    ]);
    expect(service.remove).not.toHaveBeenCalled();
  });

  it('makes a failure checkpoint naming the error, which later runs never replace', async () => {
    const { service, run } = setup(8);
    await run([4, 5, 6, 7], { index: 6, name: 'ValueError' });
    expect(service.items[0]).toMatchObject({
      kind: 'failure',
      label: 'ValueError in cell 7'
    });
    await run([0]);
    expect(service.items.map(c => c.kind)).toEqual(['failure', 'auto']);
  });

  it('skips unchanged content (hash) even if cells ran', async () => {
    const { service, run, doc, checkpointer, context } = setup(2);
    await run([0]);
    const frozen = JSON.parse(JSON.stringify(doc));
    context.model.toJSON = () => frozen;
    await run([1]);
    expect(service.create).toHaveBeenCalledTimes(1);
    expect(checkpointer.lastOutcome).toEqual({
      action: 'skipped',
      reason: 'unchanged'
    });
  });

  it('does nothing when off, nor for a read-only notebook', async () => {
    const { service, run, checkpointer, context } = setup(2);
    checkpointer.settings = { mode: 'off', minSpacing: 30, quietMs: 500 };
    await run([0]);
    expect(service.create).not.toHaveBeenCalled();
    checkpointer.settings = { mode: 'afterRun', minSpacing: 30, quietMs: 500 };
    context.contentsModel.writable = false;
    await run([1]);
    expect(service.create).not.toHaveBeenCalled();
    expect(checkpointer.lastOutcome).toEqual({
      action: 'skipped',
      reason: 'read-only'
    });
  });

  it('never waits in the execution path: the signals return before anything is saved', async () => {
    const { context, service, checkpointer, notebook, scheduled, executed } =
      setup(1);
    const signals = { executionScheduled: scheduled, executed };
    const cell = notebook.widgets[0];
    cell.model.executionState = 'running';
    signals.executionScheduled.emit({ notebook, cell });
    cell.model.executionState = 'idle';
    context.model.dirty = true;
    signals.executed.emit({ notebook, cell, success: true });
    expect(context.save).not.toHaveBeenCalled();
    expect(service.create).not.toHaveBeenCalled();
    jest.advanceTimersByTime(500);
    await checkpointer.idle;
    expect(context.save).toHaveBeenCalledTimes(1);
    expect(service.create).toHaveBeenCalledTimes(1);
  });

  it('makes no checkpoint when only markdown cells were rendered', async () => {
    const { service, checkpointer, notebook, executed } = setup(2);
    notebook.widgets[0].model.type = 'markdown';
    executed.emit({ notebook, cell: notebook.widgets[0], success: true });
    jest.advanceTimersByTime(500);
    await checkpointer.idle;
    expect(service.create).not.toHaveBeenCalled();
    expect(checkpointer.lastOutcome).toEqual({
      action: 'skipped',
      reason: 'no code cell ran'
    });
  });
});
