import { ICodeCellModel } from '@jupyterlab/cells';
import { NotebookModel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { CheckpointsError } from '../../client/request';
import { blobText } from '../../client/__tests__/fakeServer';
import { ICheckpoint, ICheckpoints, ICreateOptions } from '../../tokens';
import { AutoCheckpointer } from '../autoCheckpointer';
import { PageCheckpoints } from '../pageCheckpoints';
import { notebookModel } from './notebookFixture';

/**
 * The checkpoint routes as the contract describes them, in memory: a document is stored as given,
 * a delta is composed from its base's cells; a base it does not hold is a 409.
 */
class ComposingService {
  serverInfo = Promise.resolve({ version: 'test' });
  runExclusive = <T>(_path: string, task: () => Promise<T>) => task();
  list = jest.fn(async () => [...this.items]);
  remove = jest.fn(async () => undefined);
  /** The request bodies, as the client would send them. */
  sent: { key: 'document' | 'delta' | 'file'; body: any; size: number }[] = [];
  stored = new Map<string, any>();
  items: ICheckpoint[] = [];
  /** Answer the next request with this status. */
  failNext: { status: number; reason?: string } | null = null;

  create = jest.fn(async (_path: string, options: ICreateOptions = {}) => {
    const from = options.from;
    const key = !from ? 'file' : 'document' in from ? 'document' : 'delta';
    const text = !from
      ? ''
      : 'document' in from
        ? await blobText(from.document)
        : from.delta;
    this.sent.push({
      key,
      body: text ? JSON.parse(text) : null,
      size: text.length
    });
    if (this.failNext) {
      const { status, reason } = this.failNext;
      this.failNext = null;
      throw new CheckpointsError('refused', status, reason ?? null);
    }
    let content: any;
    if (key === 'document') {
      content = JSON.parse(text);
    } else if (key === 'delta') {
      const delta = JSON.parse(text);
      const base = this.stored.get(delta.base);
      if (!base) {
        throw new CheckpointsError('no base', 409, 'no-base');
      }
      const byId = new Map(base.cells.map((c: any) => [c.id, c]));
      content = {
        metadata: delta.metadata,
        nbformat_minor: delta.nbformat_minor,
        nbformat: delta.nbformat,
        cells: delta.cells.map(
          (id: string) => delta.changed[id] ?? byId.get(id)
        )
      };
    }
    const c: ICheckpoint = {
      id: `cp${++this._n}`,
      lastModified: new Date().toISOString(),
      label: options.label ?? '',
      kind: options.kind ?? 'manual',
      pinned: false,
      size: text.length
    };
    this.stored.set(c.id, content);
    this.items.push(c);
    return c;
  });
  private _n = 0;
}

function contextOf(model: NotebookModel, path = 'nb.ipynb') {
  return {
    path,
    model,
    disposed: new Signal<any, void>({}),
    isReady: true,
    isDisposed: false,
    contentsModel: { writable: true },
    save: jest.fn(async () => undefined)
  };
}

function run(model: NotebookModel, index: number, text: string): void {
  const cell = model.cells.get(index) as ICodeCellModel;
  cell.executionCount = (cell.executionCount ?? 0) + 1;
  cell.outputs.add({ output_type: 'stream', name: 'stdout', text });
}

describe('PageCheckpoints', () => {
  let model: NotebookModel;
  let service: ComposingService;
  let page: PageCheckpoints;
  let context: ReturnType<typeof contextOf>;
  beforeEach(() => {
    model = notebookModel(4);
    service = new ComposingService();
    page = new PageCheckpoints(service as unknown as ICheckpoints);
    context = contextOf(model);
  });
  afterEach(() => context.disposed.emit());

  const create = () =>
    page.create(context as any, { kind: 'auto', label: 'x' });
  const lastStored = () => service.stored.get(service.items.at(-1)!.id);

  it('sends the whole notebook first, then only what changed', async () => {
    expect(page.applies(context as any)).toBe(true);
    await create();
    expect(service.sent[0].key).toBe('document');
    expect(lastStored()).toEqual(model.toJSON());

    run(model, 2, 'out\n');
    expect(page.hasChanges(context as any)).toBe(true);
    await create();
    const { key, body } = service.sent[1];
    expect(key).toBe('delta');
    expect(body.base).toBe('cp1');
    expect(body.cells).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(Object.keys(body.changed)).toEqual(['c2']);
    expect(lastStored()).toEqual(model.toJSON());
    expect(page.hasChanges(context as any)).toBe(false);
  });

  it('composes inserted, moved, deleted cells and metadata like the whole model', async () => {
    await create();
    model.sharedModel.insertCell(1, {
      cell_type: 'markdown',
      id: 'md',
      source: '# t'
    });
    model.sharedModel.moveCell(3, 0);
    model.sharedModel.deleteCell(4);
    model.setMetadata('tags', ['x']);
    await create();
    expect(service.sent[1].key).toBe('delta');
    expect(lastStored()).toEqual(model.toJSON());
  });

  it('falls back to one whole upload when the server cannot compose (409)', async () => {
    await create();
    run(model, 0, 'a\n');
    service.failNext = { status: 409, reason: 'no-base' };
    await create();
    expect(service.sent.map(s => s.key)).toEqual([
      'document',
      'delta',
      'document'
    ]);
    expect(page.lastSend).toBe('document-after-409');
    expect(lastStored()).toEqual(model.toJSON());
    // The full upload is the new base.
    run(model, 1, 'b\n');
    await create();
    expect(service.sent[3].key).toBe('delta');
    expect(service.sent[3].body.base).toBe(service.items[1].id);
    expect(lastStored()).toEqual(model.toJSON());
  });

  it('keeps the changes when a checkpoint fails otherwise', async () => {
    await create();
    run(model, 3, 'c\n');
    service.failNext = { status: 500 };
    await expect(create()).rejects.toThrow('refused');
    expect(service.sent.map(s => s.key)).toEqual(['document', 'delta']);
    await create();
    expect(Object.keys(service.sent[2].body.changed)).toEqual(['c3']);
    expect(service.sent[2].body.base).toBe('cp1');
    expect(lastStored()).toEqual(model.toJSON());
  });

  it('leaves notebooks without cell ids and shared notebooks to the file path', () => {
    const old = notebookModel(2, 4);
    expect(page.applies(contextOf(old) as any)).toBe(false);
    const shared = notebookModel(2);
    Object.defineProperty(shared, 'collaborative', { value: true });
    expect(page.applies(contextOf(shared) as any)).toBe(false);
    expect(page.applies({ ...context, model: {} } as any)).toBe(false);
  });
});

describe('AutoCheckpointer with a real notebook', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('checkpoints what the page holds without saving, a delta after the first', async () => {
    const model = notebookModel(3);
    const context = contextOf(model);
    const service = new ComposingService();
    const scheduled = new Signal<any, any>({});
    const executed = new Signal<any, any>({});
    const widgets = [0, 1, 2].map(i => ({
      isDisposed: false,
      model: {
        type: 'code',
        executionState: 'idle',
        get outputs() {
          return (model.cells.get(i) as ICodeCellModel).outputs;
        }
      }
    }));
    const notebook: any = { widgets, disposed: new Signal<any, void>({}) };
    const checkpointer = new AutoCheckpointer(
      service as unknown as ICheckpoints,
      nullTranslator.load('jupyterlab_checkpoints'),
      nb => (nb === notebook ? (context as any) : null),
      { mode: 'afterRun', minSpacing: 0, quietMs: 100 },
      { executionScheduled: scheduled, executed }
    );
    const runCell = async (i: number) => {
      scheduled.emit({ notebook, cell: widgets[i] });
      run(model, i, `run ${i}\n`);
      executed.emit({ notebook, cell: widgets[i], success: true });
      jest.advanceTimersByTime(100);
      await checkpointer.idle;
    };
    await runCell(0);
    await runCell(1);
    await runCell(1);
    expect(context.save).not.toHaveBeenCalled();
    expect(service.sent.map(s => s.key)).toEqual([
      'document',
      'delta',
      'delta'
    ]);
    expect(Object.keys(service.sent[2].body.changed)).toEqual(['c1']);
    expect(service.stored.get(service.items.at(-1)!.id)).toEqual(
      model.toJSON()
    );
    expect(checkpointer.lastOutcome).toMatchObject({ action: 'created' });

    // A run that changed nothing (the tracker saw no change): no request at all.
    scheduled.emit({ notebook, cell: widgets[2] });
    executed.emit({ notebook, cell: widgets[2], success: true });
    jest.advanceTimersByTime(100);
    await checkpointer.idle;
    expect(checkpointer.lastOutcome).toEqual({
      action: 'skipped',
      reason: 'unchanged'
    });
    expect(service.sent).toHaveLength(3);
    checkpointer.dispose();
    context.disposed.emit();
  });
});
