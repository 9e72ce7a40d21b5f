import {
  CheckpointsClient,
  CheckpointsError,
  toCheckpoint
} from '../checkpointsClient';
import { ICheckpointsChange } from '../../tokens';
import { fakeSettings } from './fakeServer';

const INFO = {
  version: '0.1.0',
  limits: {
    max_unpinned: 10,
    max_pinned: 10,
    max_label_length: 200,
    deleted_retention_days: 30
  },
  store: { root: '/s', bytes: 1, files: 1, objects: 1 }
};

const MODEL = {
  id: '20261123T010203000000-abcdef',
  last_modified: '2026-11-23T01:02:03+00:00',
  label: 'Clean run',
  kind: 'manual',
  pinned: true,
  size: 120
};

describe('CheckpointsClient with the server part', () => {
  const { settings, calls } = fakeSettings(call => {
    if (call.url.endsWith('/jupyterlab-checkpoints/info')) {
      return { status: 200, body: INFO };
    }
    if (
      call.method === 'GET' &&
      call.url.includes('/api/contents/dir/a%20b.ipynb/checkpoints')
    ) {
      return {
        status: 200,
        body: [{ ...MODEL, id: 'old', pinned: false, label: '' }, MODEL]
      };
    }
    if (
      call.method === 'POST' &&
      call.url.includes('/jupyterlab-checkpoints/checkpoints?path=')
    ) {
      return {
        status: 201,
        body: { ...MODEL, kind: call.body.kind, label: call.body.label }
      };
    }
    if (call.method === 'PATCH' && call.url.includes('/gone?')) {
      return {
        status: 409,
        body: { message: 'no such base', reason: 'no-base' }
      };
    }
    if (call.method === 'PATCH') {
      return {
        status: 409,
        body: { message: 'this file already has 10 pinned checkpoints' }
      };
    }
    return { status: 404, body: { message: 'not found' } };
  });
  const client = new CheckpointsClient({ serverSettings: settings });

  it('knows the server part is present', async () => {
    expect(await client.serverInfo).toEqual(INFO);
  });

  it('lists checkpoints oldest first, with every field mapped', async () => {
    const list = await client.list('/dir/a b.ipynb');
    expect(list.map(c => c.id)).toEqual(['old', MODEL.id]);
    expect(list[1]).toEqual({
      id: MODEL.id,
      lastModified: MODEL.last_modified,
      label: 'Clean run',
      kind: 'manual',
      pinned: true,
      size: 120
    });
  });

  it('creates through the extension API with kind and label, and signals it', async () => {
    const changes: ICheckpointsChange[] = [];
    client.changed.connect((_, c) => changes.push(c));
    const created = await client.create('/dir/a b.ipynb', {
      kind: 'failure',
      label: 'ValueError in cell 7'
    });
    const post = calls.find(c => c.method === 'POST')!;
    expect(post.url).toBe(
      'http://localhost:8888/jupyterlab-checkpoints/checkpoints?path=dir%2Fa%20b.ipynb'
    );
    expect(post.body).toEqual({
      kind: 'failure',
      label: 'ValueError in cell 7',
      pinned: false
    });
    expect(created.kind).toBe('failure');
    expect(changes).toEqual([
      { path: 'dir/a b.ipynb', type: 'created', checkpoint: created }
    ]);
  });

  it('splices a document or a delta the page serialised into the body', async () => {
    await client.create('x.ipynb', {
      kind: 'auto',
      from: { document: new Blob(['{"cells":[],', '"metadata":{}}']) }
    });
    await client.create('x.ipynb', {
      kind: 'auto',
      from: { delta: '{"base":"b","cells":["c"]}' }
    });
    const [document, delta] = calls
      .filter(c => c.method === 'POST' && c.url.includes('path=x.ipynb'))
      .map(c => c.body);
    expect(document).toEqual({
      kind: 'auto',
      label: '',
      pinned: false,
      document: { content: { cells: [], metadata: {} } }
    });
    expect(delta).toEqual({
      kind: 'auto',
      label: '',
      pinned: false,
      delta: { base: 'b', cells: ['c'] }
    });
  });

  it('rejects with the server message and status', async () => {
    await expect(
      client.update('a.ipynb', MODEL.id, { pinned: true })
    ).rejects.toMatchObject({
      status: 409,
      message: 'this file already has 10 pinned checkpoints'
    });
    await expect(
      client.update('a.ipynb', 'gone', { pinned: true })
    ).rejects.toMatchObject({
      status: 409,
      reason: 'no-base',
      message: 'no such base'
    });
  });
});

describe('CheckpointsClient against a stock server', () => {
  const { settings, calls } = fakeSettings(call => {
    if (call.url.includes('/jupyterlab-checkpoints/')) {
      return { status: 404 };
    }
    if (call.method === 'GET') {
      return {
        status: 200,
        body: [{ id: 'checkpoint', last_modified: '2026-11-23T01:00:00Z' }]
      };
    }
    if (call.method === 'POST' && call.url.endsWith('/checkpoints')) {
      return {
        status: 201,
        body: { id: 'checkpoint', last_modified: '2026-11-23T02:00:00Z' }
      };
    }
    return { status: 204 };
  });
  const client = new CheckpointsClient({ serverSettings: settings });

  it('falls back: no server info', async () => {
    expect(await client.serverInfo).toBeNull();
  });

  it('lists the single stock checkpoint as a save without size', async () => {
    expect(await client.list('a.ipynb')).toEqual([
      {
        id: 'checkpoint',
        lastModified: '2026-11-23T01:00:00Z',
        label: '',
        kind: 'save',
        pinned: false,
        size: null
      }
    ]);
  });

  it('refuses a checkpoint of what the page holds: the stock server keeps the file', async () => {
    await expect(
      client.create('a.ipynb', { from: { document: new Blob(['{}']) } })
    ).rejects.toMatchObject({ status: 501 });
  });

  it('creates through the stock contents API', async () => {
    const created = await client.create('a.ipynb', {
      kind: 'auto',
      label: 'ignored'
    });
    const post = calls.filter(c => c.method === 'POST').pop()!;
    expect(post.url).toBe(
      'http://localhost:8888/api/contents/a.ipynb/checkpoints'
    );
    expect(created.id).toBe('checkpoint');
  });

  it('restores and deletes by id through the stock API', async () => {
    const result = await client.restore('a.ipynb', 'checkpoint');
    expect(result.kept).toBeNull();
    expect(result.restored?.id).toBe('checkpoint');
    await client.remove('a.ipynb', 'checkpoint');
    const last = calls
      .filter(c => c.method !== 'GET')
      .slice(-2)
      .map(c => `${c.method} ${c.url}`);
    expect(last).toEqual([
      'POST http://localhost:8888/api/contents/a.ipynb/checkpoints/checkpoint',
      'DELETE http://localhost:8888/api/contents/a.ipynb/checkpoints/checkpoint'
    ]);
  });

  it('refuses what needs the server part', async () => {
    await expect(
      client.update('a.ipynb', 'checkpoint', { pinned: true })
    ).rejects.toBeInstanceOf(CheckpointsError);
    await expect(
      client.getContent('a.ipynb', 'checkpoint')
    ).rejects.toMatchObject({ status: 501 });
  });
});

describe('toCheckpoint', () => {
  it('maps unknown kinds to save and keeps labels as text', () => {
    const c = toCheckpoint({
      id: 1,
      last_modified: 'x',
      kind: 'weird',
      label: '<b>x</b>'
    });
    expect(c).toMatchObject({
      id: '1',
      kind: 'save',
      label: '<b>x</b>',
      pinned: false,
      size: null
    });
  });

  it('keeps an author as text, and none when the server names nobody', () => {
    const named = toCheckpoint({
      id: 'a',
      last_modified: 'x',
      author: '<img src=x onerror=alert(1)>'
    });
    expect(named.author).toBe('<img src=x onerror=alert(1)>');
    expect(
      toCheckpoint({ id: 'b', last_modified: 'x', author: 7 }).author
    ).toBe(undefined);
  });

  it('marks a checkpoint the server found damaged, and only then', () => {
    expect(
      toCheckpoint({ id: 'a', last_modified: 'x', damaged: true }).damaged
    ).toBe(true);
    expect(
      toCheckpoint({ id: 'b', last_modified: 'x', damaged: 'yes' }).damaged
    ).toBe(undefined);
  });
});

describe('CheckpointsClient restore with the server part', () => {
  const { settings, calls } = fakeSettings(call => {
    if (call.url.endsWith('/jupyterlab-checkpoints/info')) {
      return { status: 200, body: INFO };
    }
    if (call.url.includes('/checkpoints/old/restore?path=a.ipynb')) {
      return {
        status: 200,
        body: {
          restored: { ...MODEL, id: 'old' },
          kept: { ...MODEL, id: 'before', kind: 'before-restore' },
          rollback: { ...MODEL, id: 'rb', kind: 'rollback', counted: false },
          warning: null,
          checkpoints: [
            { ...MODEL, id: 'old' },
            { ...MODEL, id: 'rb', kind: 'rollback', counted: false }
          ]
        }
      };
    }
    return { status: 404, body: { message: 'not found' } };
  });
  const client = new CheckpointsClient({ serverSettings: settings });

  it("restores through the one server-side restore, with the page's labels", async () => {
    const result = await client.restore('/a.ipynb', 'old', {
      beforeLabel: 'Avant',
      rollbackLabel: 'Restauré'
    });
    const post = calls.filter(c => c.method === 'POST').pop()!;
    expect(post.url).toBe(
      'http://localhost:8888/jupyterlab-checkpoints/checkpoints/old/restore?path=a.ipynb'
    );
    expect(post.body).toEqual({
      before_label: 'Avant',
      rollback_label: 'Restauré'
    });
    expect(result.kept?.kind).toBe('before-restore');
    expect(result.rollback?.counted).toBe(false);
    expect(result.checkpoints.map(c => c.id)).toEqual(['old', 'rb']);
    // No request of the stock restore, which keeps nothing.
    expect(calls.some(c => c.url.includes('/api/contents/'))).toBe(false);
  });
});

describe('CheckpointsClient when the server part cannot be asked', () => {
  it('retries, then says it does not know instead of guessing "stock"', async () => {
    let up = false;
    const { settings, calls } = fakeSettings(call => {
      if (call.url.endsWith('/jupyterlab-checkpoints/info')) {
        return up
          ? { status: 200, body: INFO }
          : { status: 502, body: { message: 'proxy error' } };
      }
      return { status: 404, body: { message: 'not found' } };
    });
    const client = new CheckpointsClient({
      serverSettings: settings,
      infoRetryMs: [1, 1, 1]
    });
    await expect(client.serverInfo).rejects.toMatchObject({ status: 503 });
    // Unknown: a restore refuses and sends nothing that could overwrite.
    await expect(client.restore('a.ipynb', 'old')).rejects.toBeInstanceOf(
      CheckpointsError
    );
    expect(calls.filter(c => c.method === 'POST')).toHaveLength(0);
    expect(calls.filter(c => c.url.endsWith('/info')).length).toBe(8);
    // Once the server answers, the next read asks again and gets a definite answer.
    up = true;
    expect(await client.serverInfo).toEqual(INFO);
  });

  it('takes a 404 as the definite answer "stock server"', async () => {
    const { settings, calls } = fakeSettings(() => ({
      status: 404,
      body: { message: 'not found' }
    }));
    const client = new CheckpointsClient({
      serverSettings: settings,
      infoRetryMs: [1, 1, 1]
    });
    expect(await client.serverInfo).toBeNull();
    expect(calls).toHaveLength(1);
  });
});
