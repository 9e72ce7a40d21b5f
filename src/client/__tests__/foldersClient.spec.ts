import { FoldersClient } from '../foldersClient';
import { CheckpointsError } from '../request';
import { fakeSettings } from './fakeServer';

const BASE = 'http://localhost:8888/jupyterlab-checkpoints/folders/checkpoints';

const MODEL = {
  id: '20261123T010203000000-abcdef',
  created: '2026-11-23T01:02:03+00:00',
  label: '',
  kind: 'manual',
  pinned: false,
  files: 3,
  size: 120,
  skipped: [{ path: 'big.bin', reason: 'too large' }]
};

describe('FoldersClient', () => {
  const { settings, calls } = fakeSettings(call => {
    if (call.url.includes('/no%2Fsuch%2F?')) {
      return { status: 404, body: { message: 'Unknown checkpoint' } };
    }
    if (call.url.includes('path=a%20file.txt')) {
      return { status: 400, body: { message: 'not a folder' } };
    }
    if (call.url.includes('target=taken')) {
      return { status: 409, body: { message: 'taken exists' } };
    }
    if (call.method === 'GET' && call.url.startsWith(BASE + '?')) {
      return { status: 200, body: { checkpoints: [MODEL] } };
    }
    if (call.method === 'POST' && call.url.startsWith(BASE + '?')) {
      return { status: 201, body: { ...MODEL, ...call.body } };
    }
    if (call.method === 'PATCH') {
      return { status: 200, body: { ...MODEL, ...call.body } };
    }
    if (call.method === 'DELETE') {
      return { status: 204 };
    }
    if (call.url.includes('/file?')) {
      return { status: 200, body: { content: 'x = 1\n', format: 'text' } };
    }
    if (call.url.includes('/restore?')) {
      return {
        status: 200,
        body: { restored: ['a.py'], kept: 'k1', added: ['new.py'], trashed: [] }
      };
    }
    if (call.url.includes('/extract?')) {
      return {
        status: 201,
        body: {
          path: 'dir/copy',
          skipped: [{ path: 'out', reason: 'link-outside-root' }]
        }
      };
    }
    if (call.method === 'GET') {
      return {
        status: 200,
        body: {
          ...MODEL,
          entries: [
            { path: 'a.py', type: 'file', size: 6, status: 'changed' },
            { path: 'l', type: 'link', size: 0, target: 'a.py', status: 'odd' }
          ]
        }
      };
    }
    return { status: 500 };
  });
  const client = new FoldersClient({ serverSettings: settings });
  const changes: string[] = [];
  client.changed.connect((_, c) => changes.push(`${c.type} ${c.path}`));

  beforeEach(() => {
    calls.length = 0;
    changes.length = 0;
  });

  it('lists a folder by its normalised path', async () => {
    const list = await client.list('/dir/sub dir');
    expect(calls[0].method).toBe('GET');
    expect(calls[0].url).toBe(`${BASE}?path=dir%2Fsub%20dir`);
    expect(list).toEqual([MODEL]);
  });

  it('lists the root folder with an empty path', async () => {
    await client.list('');
    expect(calls[0].url).toBe(`${BASE}?path=`);
  });

  it('creates a manual checkpoint by default and tells listeners', async () => {
    const created = await client.create('dir');
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}?path=dir`,
      body: { kind: 'manual', label: '', pinned: false }
    });
    expect(created.skipped).toEqual([{ path: 'big.bin', reason: 'too large' }]);
    expect(changes).toEqual(['created dir']);
  });

  it('creates automatic checkpoints when asked', async () => {
    await client.create('dir', { kind: 'automatic' });
    expect(calls[0].body.kind).toBe('automatic');
  });

  it('pins and renames with PATCH, deletes with DELETE, ids encoded', async () => {
    const pinned = await client.update('dir', 'a b', {
      pinned: true,
      label: 'x'
    });
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      url: `${BASE}/a%20b?path=dir`,
      body: { pinned: true, label: 'x' }
    });
    expect(pinned.pinned).toBe(true);
    await client.remove('dir', 'id1');
    expect(calls[1]).toMatchObject({
      method: 'DELETE',
      url: `${BASE}/id1?path=dir`
    });
    expect(changes).toEqual(['updated dir', 'removed dir']);
  });

  it('reads entries, with unknown statuses read as unchanged', async () => {
    const detail = await client.get('dir', 'id1');
    expect(calls[0].url).toBe(`${BASE}/id1?path=dir`);
    expect(detail.entries).toEqual([
      { path: 'a.py', type: 'file', size: 6, status: 'changed' },
      { path: 'l', type: 'link', size: 0, target: 'a.py', status: 'unchanged' }
    ]);
  });

  it('reads one recorded file as JSON', async () => {
    const file = await client.file('dir', 'id1', 'sub/a.py');
    expect(calls[0].url).toBe(
      `${BASE}/id1/file?path=dir&file=sub%2Fa.py&format=json`
    );
    expect(file).toEqual({ content: 'x = 1\n', format: 'text' });
  });

  it('restores one file, or the folder with trash_added', async () => {
    await client.restore('dir', 'id1', { file: 'a.py' });
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/id1/restore?path=dir`,
      body: { file: 'a.py' }
    });
    const result = await client.restore('dir', 'id1', { trashAdded: true });
    expect(calls[1].body).toEqual({ trash_added: true });
    expect(result).toEqual({
      restored: ['a.py'],
      kept: 'k1',
      added: ['new.py'],
      trashed: [],
      warning: null
    });
    expect(changes).toEqual(['restored dir', 'restored dir']);
  });

  it('extracts to a target and returns the new path and the links left out', async () => {
    const result = await client.extract(
      'dir',
      'id1',
      'dir/copy (checkpoint 1)'
    );
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/id1/extract?path=dir&target=dir%2Fcopy%20(checkpoint%201)`
    });
    expect(result).toEqual({
      path: 'dir/copy',
      skipped: [{ path: 'out', reason: 'link-outside-root' }]
    });
  });

  it("turns refusals into errors carrying the server's status and message", async () => {
    await expect(client.list('a file.txt')).rejects.toEqual(
      new CheckpointsError('not a folder', 400)
    );
    const unknown = client.get('dir', 'no/such/');
    await expect(unknown).rejects.toMatchObject({ status: 404 });
    await expect(client.extract('dir', 'id1', 'taken')).rejects.toMatchObject({
      status: 409,
      message: 'taken exists'
    });
    expect(changes).toEqual([]);
  });
});
