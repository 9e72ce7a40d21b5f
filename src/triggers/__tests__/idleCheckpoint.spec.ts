import { NotebookModel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';
import { ICheckpoint, ICheckpoints, ICreateOptions } from '../../tokens';
import { IdleCheckpoints } from '../idleCheckpoint';
import { PageCheckpoints } from '../pageCheckpoints';
import { notebookModel } from './notebookFixture';

/** Keeps what it is sent; lists it as the server would (an entry a save took is a `save`). */
class ListingService {
  serverInfo = Promise.resolve({ version: 'test' });
  runExclusive = <T>(_path: string, task: () => Promise<T>) => task();
  items: ICheckpoint[] = [];
  create = jest.fn(async (_path: string, options: ICreateOptions = {}) => {
    const c: ICheckpoint = {
      id: `cp${++this._n}`,
      lastModified: '',
      label: options.label ?? '',
      kind: options.kind ?? 'manual',
      pinned: false,
      size: 0
    };
    this.items.push(c);
    return c;
  });
  list = jest.fn(async () => [...this.items]);
  remove = jest.fn(async (_path: string, id: string) => {
    this.items = this.items.filter(c => c.id !== id);
  });
  private _n = 0;
}

const DELAY = 120_000;
const SPACING = 30_000;

describe('IdleCheckpoints', () => {
  let service: ListingService;
  let page: PageCheckpoints;
  let model: NotebookModel;
  let context: any;
  let idle: IdleCheckpoints;
  let clock: number;
  const type = (text: string) => {
    model.cells.get(0).sharedModel.setSource(text);
    model.dirty = true;
  };
  /** Lets the timers fire and the checkpoints they start finish. */
  const pass = async (ms: number) => {
    clock += ms;
    jest.advanceTimersByTime(ms);
    await idle.idle;
  };

  beforeEach(async () => {
    jest.useFakeTimers();
    clock = 1_000_000;
    service = new ListingService();
    page = new PageCheckpoints(service as unknown as ICheckpoints);
    model = notebookModel(2);
    context = {
      path: 'nb.ipynb',
      model,
      disposed: new Signal<any, void>({}),
      isReady: true,
      isDisposed: false
    };
    idle = new IdleCheckpoints(
      service as unknown as ICheckpoints,
      page,
      { delayMs: DELAY, minSpacingMs: SPACING },
      () => clock
    );
    idle.follow(context);
    // The page's first checkpoint: what the notebook holds now is kept.
    await page.create(context, { kind: 'auto', label: 'run' });
    service.create.mockClear();
  });
  afterEach(() => {
    context.disposed.emit();
    jest.useRealTimers();
  });

  it('keeps edits once they have been left alone for the delay', async () => {
    type('a = 1');
    await pass(DELAY - 1000);
    type('a = 12'); // still typing: the wait starts over
    await pass(DELAY - 1000);
    expect(service.create).not.toHaveBeenCalled();
    await pass(1000);
    expect(service.create).toHaveBeenCalledTimes(1);
    expect(service.create.mock.calls[0][1]).toMatchObject({
      kind: 'unsaved',
      label: ''
    });
    expect(idle.lastOutcome).toMatchObject({ action: 'created', id: 'cp2' });
    // Nothing new since: no second checkpoint, however long it stays open.
    await pass(10 * DELAY);
    expect(service.create).toHaveBeenCalledTimes(1);
  });

  it('sends nothing for a clean document', async () => {
    model.cells.get(0).sharedModel.setSource('x = 1');
    model.dirty = false; // saved
    await pass(DELAY);
    expect(service.create).not.toHaveBeenCalled();
    expect(idle.lastOutcome).toMatchObject({ reason: 'nothing unkept' });
  });

  it('coalesces idle checkpoints within the minimum spacing', async () => {
    idle.settings = { delayMs: 5000, minSpacingMs: SPACING };
    type('b = 1');
    await pass(5000);
    type('b = 2');
    await pass(5000);
    expect(idle.lastOutcome).toMatchObject({
      action: 'created',
      id: 'cp3',
      replaced: 'cp2'
    });
    expect(service.items.map(c => c.id)).toEqual(['cp1', 'cp3']);
    // A save took the entry meanwhile: it stays.
    service.items[1] = { ...service.items[1], kind: 'save' };
    type('b = 3');
    await pass(5000);
    expect(service.items.map(c => c.id)).toEqual(['cp1', 'cp3', 'cp4']);
  });

  it('stops at 0', async () => {
    type('c = 1');
    idle.settings = { delayMs: 0, minSpacingMs: SPACING };
    await pass(10 * DELAY);
    type('c = 2');
    await pass(10 * DELAY);
    expect(service.create).not.toHaveBeenCalled();
  });
});
