import { DocumentModel } from '@jupyterlab/docregistry';
import { NotebookModel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { blobText } from '../../__tests__/fakeServer';
import { CheckpointsError } from '../../client/request';
import { ICheckpoints, ICreateOptions } from '../../tokens';
import { DiscardGuard } from '../discardGuard';
import { PageCheckpoints } from '../pageCheckpoints';
import { notebookModel } from './notebookFixture';

/**
 * The create route as the server answers a page whose file changed behind it: a delta on the file
 * as loaded is refused (409 `file-changed`), a document is kept. Each body is read as sent.
 */
class RecordingService {
  serverInfo = Promise.resolve({ version: 'test' });
  runExclusive = <T>(_path: string, task: () => Promise<T>) => task();
  sent: { path: string; kind?: string; label?: string; body: any }[] = [];

  create = jest.fn(async (path: string, options: ICreateOptions = {}) => {
    const from = options.from!;
    if ('delta' in from) {
      if (typeof JSON.parse(from.delta).base === 'object') {
        throw new CheckpointsError('changed', 409, 'file-changed');
      }
      this.sent.push({ path, ...options, body: JSON.parse(from.delta) });
    } else {
      const body = JSON.parse(await blobText(from.document));
      this.sent.push({ path, kind: options.kind, label: options.label, body });
    }
    return {
      id: `cp${this.sent.length}`,
      lastModified: '',
      label: options.label ?? '',
      kind: options.kind ?? 'manual',
      pinned: false,
      size: 0
    };
  });
}

/** A document context as the document manager hands it to a widget extension. */
function contextOf(
  model: NotebookModel | DocumentModel,
  path: string,
  onRevert: () => void
) {
  return {
    path,
    model,
    disposed: new Signal<any, void>({}),
    fileChanged: new Signal<any, any>({}),
    saveState: new Signal<any, string>({}),
    isReady: true,
    isDisposed: false,
    ready: Promise.resolve(),
    contentsModel: { writable: true, last_modified: '2026-12-07T10:00:00Z' },
    revert: jest.fn(async () => onRevert())
  };
}

const trans = nullTranslator.load('jupyterlab_checkpoints');
const TYPED = 'typed, never run or saved';

function typeInto(model: NotebookModel, index: number): void {
  model.cells.get(index).sharedModel.setSource(TYPED);
  model.dirty = true;
}

describe('DiscardGuard', () => {
  let service: RecordingService;
  let page: PageCheckpoints;
  let guard: DiscardGuard;
  let model: NotebookModel;
  let context: ReturnType<typeof contextOf>;
  beforeEach(async () => {
    service = new RecordingService();
    page = new PageCheckpoints(service as unknown as ICheckpoints);
    guard = new DiscardGuard(service as unknown as ICheckpoints, page, trans);
    model = notebookModel(3);
    // A revert loads the file that another program wrote meanwhile.
    context = contextOf(model, 'nb.ipynb', () =>
      model.fromJSON({
        ...model.toJSON(),
        cells: [
          {
            cell_type: 'code',
            id: 'other',
            source: 'from disk',
            metadata: {},
            outputs: [],
            execution_count: null
          }
        ]
      } as any)
    );
    await page.open(context as any);
    model.dirty = false;
  });

  it('keeps the page before a File Changed revert replaces it, as read before the revert', async () => {
    guard.watch({}, context as any);
    typeInto(model, 1);
    context.saveState.emit('started'); // the dialog is shown by a save
    await context.revert();
    // The revert did happen.
    expect(model.cells.get(0).sharedModel.getSource()).toBe('from disk');
    await guard.idle;
    expect(service.sent).toHaveLength(1);
    const [sent] = service.sent;
    expect(sent.kind).toBe('unsaved');
    expect(sent.label).toBe('Unsaved changes before Revert');
    // The delta on the file as loaded was refused: the whole notebook went, as it was before.
    expect(sent.body.cells.map((c: any) => c.source)).toEqual([
      'x0 = 0',
      TYPED,
      'x2 = 2'
    ]);
    expect(guard.outcomes).toEqual([
      { path: 'nb.ipynb', reason: 'revert', id: 'cp1' }
    ]);
  });

  it('names the command whose revert it is while the command is pending', async () => {
    guard.watch({}, context as any);
    let finish!: () => void;
    guard.commandStarted(
      'docmanager:reload',
      new Promise<void>(resolve => (finish = resolve))
    );
    typeInto(model, 0);
    await context.revert();
    finish();
    await guard.idle;
    expect(service.sent.map(s => s.label)).toEqual([
      'Unsaved changes before Reload'
    ]);
    // Once the command is done, a revert is no longer its own.
    await Promise.resolve();
    typeInto(model, 0);
    await context.revert();
    await guard.idle;
    expect(service.sent.map(s => s.label)[1]).toBe(
      'Unsaved changes before Revert'
    );
  });

  it('keeps the page when the last view of it closes, not before', () => {
    const first = guard.watch({}, context as any);
    const second = guard.watch({}, context as any);
    typeInto(model, 2);
    first.dispose();
    expect(service.create).not.toHaveBeenCalled();
    second.dispose();
    // Sent at once, before the document manager disposes the model.
    expect(service.create).toHaveBeenCalledTimes(1);
    expect(service.create.mock.calls[0][1]).toMatchObject({
      kind: 'unsaved',
      label: 'Unsaved changes before Close'
    });
  });

  it('sends nothing when every edit is kept', async () => {
    const view = guard.watch({}, context as any);
    typeInto(model, 0);
    await page.create(context as any, { kind: 'auto', label: 'run' });
    service.sent.length = 0;
    // Dirty, but the last checkpoint holds it all.
    view.dispose();
    // Clean: nothing to keep.
    model.dirty = false;
    await context.revert();
    await guard.idle;
    expect(service.sent).toEqual([]);
  });

  it('takes the metadata a kernel fills in for no edit', async () => {
    const view = guard.watch({}, context as any);
    model.sharedModel.setMetadata('language_info', {
      name: 'python',
      version: '3.11.2'
    });
    model.dirty = true;
    view.dispose();
    await guard.idle;
    expect(service.sent).toEqual([]);
  });

  it('keeps a text file as the editor holds it', async () => {
    const text = new DocumentModel();
    text.sharedModel.setSource('on disk\n');
    const file = contextOf(text, 'notes.txt', () =>
      text.sharedModel.setSource('written by another program\n')
    );
    guard.watch({}, file as any);
    text.sharedModel.setSource('on disk\nand typed ü\n');
    text.dirty = true;
    await file.revert();
    await guard.idle;
    expect(service.sent).toEqual([
      {
        path: 'notes.txt',
        kind: 'unsaved',
        label: 'Unsaved changes before Revert',
        body: 'on disk\nand typed ü\n'
      }
    ]);
  });
});
