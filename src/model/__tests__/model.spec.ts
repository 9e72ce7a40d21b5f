import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';
import { CheckpointsModel } from '../checkpointsModel';
import {
  ICheckpoint,
  ICheckpoints,
  ICheckpointsChange,
  IServerInfo
} from '../../tokens';

function checkpoint(id: string, extra: Partial<ICheckpoint> = {}): ICheckpoint {
  return {
    id,
    lastModified: `2026-11-23T00:00:0${id.length}Z`,
    label: '',
    kind: 'save',
    pinned: false,
    size: 1,
    ...extra
  };
}

const INFO = {
  version: '0',
  limits: {
    max_unpinned: 10,
    max_pinned: 10,
    max_label_length: 200,
    deleted_retention_days: 30
  },
  store: { root: '', bytes: 0, files: 0, objects: 0 }
} as IServerInfo;

/** An in-memory service: the model's only collaborator. */
class MemoryService implements Partial<ICheckpoints> {
  constructor(readonly serverInfo: Promise<IServerInfo | null>) {}
  changed = new Signal<ICheckpoints, ICheckpointsChange>(
    this as unknown as ICheckpoints
  );
  lists = new Map<string, ICheckpoint[]>();
  pending = new Map<string, PromiseDelegate<ICheckpoint[]>>();
  calls: string[] = [];
  list(path: string): Promise<ICheckpoint[]> {
    this.calls.push(path);
    const gate = this.pending.get(path);
    if (gate) {
      return gate.promise;
    }
    return Promise.resolve(this.lists.get(path) ?? []);
  }
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe('CheckpointsModel', () => {
  it('lists newest first and follows the document', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    service.lists.set('a.ipynb', [checkpoint('1'), checkpoint('22')]);
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    model.setPath('a.ipynb');
    await flush();
    expect(model.checkpoints.map(c => c.id)).toEqual(['22', '1']);
    model.setPath(null);
    await flush();
    expect(model.checkpoints).toEqual([]);
    expect(model.path).toBeNull();
  });

  it('filters by failures, pins and label text', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    service.lists.set('a.ipynb', [
      checkpoint('1', { kind: 'failure', label: 'ValueError in cell 7' }),
      checkpoint('22', { pinned: true, label: 'Clean Run' }),
      checkpoint('333', { kind: 'auto', label: 'Ran cells 1-3' })
    ]);
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    model.setPath('a.ipynb');
    await flush();
    model.setFilters({ failuresOnly: true });
    expect(model.visible.map(c => c.id)).toEqual(['1']);
    model.setFilters({ failuresOnly: false, pinnedOnly: true });
    expect(model.visible.map(c => c.id)).toEqual(['22']);
    model.setFilters({ pinnedOnly: false, text: 'clean' });
    expect(model.visible.map(c => c.id)).toEqual(['22']);
    model.setFilters({ text: '' });
    expect(model.visible).toHaveLength(3);
  });

  it('announces the selection, and holds the selected checkpoint only when listed', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    service.lists.set('a.ipynb', [checkpoint('1'), checkpoint('22')]);
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    const seen: (string | null)[] = [];
    model.selectionChanged.connect((_, id) => seen.push(id));
    model.setPath('a.ipynb');
    await flush();
    model.selectedId = '22';
    model.selectedId = '22';
    expect(model.selected?.id).toBe('22');
    model.selectedId = 'gone';
    expect(model.selected).toBeNull();
    model.selectedId = null;
    expect(seen).toEqual(['22', 'gone', null]);
  });

  it('reports limit usage with the server part, none without', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    service.lists.set('a.ipynb', [
      checkpoint('1'),
      checkpoint('22', { pinned: true }),
      checkpoint('legacy', { kind: 'legacy' })
    ]);
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    model.setPath('a.ipynb');
    await flush();
    expect(model.hasServerPart).toBe(true);
    expect(model.limits).toEqual({
      unpinned: 1,
      pinned: 1,
      maxUnpinned: 10,
      maxPinned: 10
    });

    const stock = new CheckpointsModel(
      new MemoryService(Promise.resolve(null)) as unknown as ICheckpoints
    );
    await flush();
    expect(stock.ready).toBe(true);
    expect(stock.hasServerPart).toBe(false);
    expect(stock.limits).toBeNull();
  });

  it('drops a late answer for a document it no longer follows', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    const slow = new PromiseDelegate<ICheckpoint[]>();
    service.pending.set('slow.ipynb', slow);
    service.lists.set('fast.ipynb', [checkpoint('1')]);
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    model.setPath('slow.ipynb');
    model.setPath('fast.ipynb');
    await flush();
    slow.resolve([checkpoint('999')]);
    await flush();
    expect(model.checkpoints.map(c => c.id)).toEqual(['1']);
  });

  it('refreshes when the service reports a change to its document only', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    model.setPath('a.ipynb');
    await flush();
    const before = service.calls.length;
    service.changed.emit({ path: 'other.ipynb', type: 'created' });
    service.lists.set('a.ipynb', [checkpoint('1')]);
    service.changed.emit({ path: 'a.ipynb', type: 'created' });
    await flush();
    expect(service.calls.length).toBe(before + 1);
    expect(model.checkpoints.map(c => c.id)).toEqual(['1']);
  });

  it('shows a refresh error instead of the list', async () => {
    const service = new MemoryService(Promise.resolve(INFO));
    service.list = () => Promise.reject(new Error('server down'));
    const model = new CheckpointsModel(service as unknown as ICheckpoints);
    model.setPath('a.ipynb');
    await flush();
    expect(model.error).toBe('server down');
    expect(model.loading).toBe(false);
  });
});
