import { CheckpointsClient } from '../checkpointsClient';
import { planIsEmpty, toCleanupPlan, toCleanupResult, toUsage } from '../parse';
import { ICheckpointsChange } from '../../tokens';
import { fakeSettings } from './fakeServer';

const STORE = {
  root: '/srv/.jupyter-checkpoints',
  bytes: 24660000,
  files: 1000,
  objects: 55815,
  object_bytes: 19500000,
  manifests: 4100,
  manifest_bytes: 5160000,
  fallback: null,
  gitignore: true
};

const INFO = {
  version: '0.1.0',
  limits: {
    max_unpinned: 10,
    max_pinned: 10,
    max_label_length: 200,
    deleted_retention_days: 30
  },
  store: STORE
};

const PLAN = {
  deleted_older_than_days: 7,
  unreferenced: { objects: 5450, bytes: 3100000 },
  deleted: [
    {
      path: 'old/analysis.ipynb',
      deleted: '2026-11-13T09:12:00+00:00',
      bytes: 52000,
      checkpoints: 4
    }
  ],
  pinned_kept: [
    { path: 'old/keep.ipynb', deleted: '2026-11-10T08:00:00+00:00' }
  ],
  waiting: { objects: 12, bytes: 4096 },
  bytes: 3152000
};

describe('disk use and clean-up with the server part', () => {
  const { settings, calls } = fakeSettings(call => {
    const url = call.url;
    if (url.endsWith('/jupyterlab-checkpoints/info')) {
      return { status: 200, body: INFO };
    }
    if (url.includes('/jupyterlab-checkpoints/info?path=')) {
      return {
        status: 200,
        body: {
          ...INFO,
          file: { path: 'a b.ipynb', bytes: 1200, objects: 3, checkpoints: 2 }
        }
      };
    }
    if (url.includes('/jupyterlab-checkpoints/cleanup')) {
      return call.method === 'GET'
        ? { status: 200, body: PLAN }
        : {
            status: 200,
            body: {
              freed_bytes: 3152000,
              objects_removed: 5460,
              histories_removed: 1,
              store: { ...STORE, bytes: 21508000 }
            }
          };
    }
    if (url.endsWith('/jupyterlab-checkpoints/deleted')) {
      return {
        status: 200,
        body: [
          {
            path: 'gone.ipynb',
            deleted: '2026-11-20T00:00:00+00:00',
            expires: '2026-12-20T00:00:00+00:00',
            checkpoints: [],
            bytes: 52000
          },
          {
            path: 'older-server.ipynb',
            deleted: '2026-11-20T00:00:00+00:00',
            expires: '2026-12-20T00:00:00+00:00',
            checkpoints: []
          }
        ]
      };
    }
    return { status: 404, body: { message: 'not found' } };
  });
  const client = new CheckpointsClient({ serverSettings: settings });

  it("reads a file's and the store's figures in one request", async () => {
    const before = calls.length;
    const usage = await client.fileUsage('/dir/a b.ipynb');
    const asked = calls.slice(before).map(c => c.url);
    expect(asked).toEqual([
      'http://localhost:8888/jupyterlab-checkpoints/info?path=dir%2Fa%20b.ipynb'
    ]);
    expect(usage.file).toEqual({
      path: 'a b.ipynb',
      bytes: 1200,
      objects: 3,
      checkpoints: 2
    });
    expect(usage.store).toEqual({
      root: STORE.root,
      bytes: 24660000,
      files: 1000,
      objects: 55815,
      fallback: null,
      gitignore: true
    });
    expect((await client.fileUsage(null)).file).toBeNull();
  });

  it('lists what each deleted history takes, null when the server does not say', async () => {
    const entries = await client.listDeleted();
    expect(entries.map(e => e.bytes)).toEqual([52000, null]);
  });

  it('asks for the plan with the days, or without them', async () => {
    const plan = await client.cleanupPlan(7);
    expect(calls[calls.length - 1]).toMatchObject({
      method: 'GET',
      url: 'http://localhost:8888/jupyterlab-checkpoints/cleanup?deleted_older_than_days=7'
    });
    expect(plan).toEqual({
      olderThanDays: 7,
      unreferenced: { objects: 5450, bytes: 3100000 },
      deleted: [
        {
          path: 'old/analysis.ipynb',
          deleted: '2026-11-13T09:12:00+00:00',
          bytes: 52000,
          checkpoints: 4
        }
      ],
      pinnedKept: [
        { path: 'old/keep.ipynb', deleted: '2026-11-10T08:00:00+00:00' }
      ],
      waiting: { objects: 12, bytes: 4096 },
      bytes: 3152000
    });
    await client.cleanupPlan();
    expect(calls[calls.length - 1].url).toBe(
      'http://localhost:8888/jupyterlab-checkpoints/cleanup'
    );
  });

  it('frees with the days in the body, and tells listeners', async () => {
    const changes: ICheckpointsChange[] = [];
    client.changed.connect((_, change) => changes.push(change));
    const result = await client.cleanUp(0);
    expect(calls[calls.length - 1]).toMatchObject({
      method: 'POST',
      url: 'http://localhost:8888/jupyterlab-checkpoints/cleanup',
      body: { deleted_older_than_days: 0 }
    });
    expect(result).toMatchObject({
      freedBytes: 3152000,
      objectsRemoved: 5460,
      historiesRemoved: 1
    });
    expect(result.store?.bytes).toBe(21508000);
    expect(changes).toEqual([{ path: '', type: 'cleanup' }]);

    await client.cleanUp();
    expect(calls[calls.length - 1].body).toEqual({
      deleted_older_than_days: null
    });
  });

  it('refuses days the server would refuse, before asking', async () => {
    const before = calls.length;
    for (const days of [NaN, -1, Infinity, 1e6]) {
      await expect(client.cleanUp(days)).rejects.toMatchObject({
        status: 400
      });
      await expect(client.cleanupPlan(days)).rejects.toMatchObject({
        status: 400
      });
    }
    expect(calls.length).toBe(before);
  });
});

describe('disk use and clean-up against a stock server', () => {
  const { settings, calls } = fakeSettings(call =>
    call.url.includes('/jupyterlab-checkpoints/')
      ? { status: 404 }
      : { status: 200, body: [] }
  );
  const client = new CheckpointsClient({ serverSettings: settings });

  it('rejects with "needs the server extension" without asking further', async () => {
    await expect(client.fileUsage('a.ipynb')).rejects.toMatchObject({
      status: 501
    });
    await expect(client.cleanupPlan(30)).rejects.toMatchObject({
      status: 501
    });
    await expect(client.cleanUp(30)).rejects.toMatchObject({ status: 501 });
    expect(calls.map(c => c.url)).toEqual([
      'http://localhost:8888/jupyterlab-checkpoints/info'
    ]);
  });
});

describe('reading disk-use answers', () => {
  it('turns odd or missing figures into zeros and empty lists', () => {
    expect(toUsage(null)).toEqual({
      store: {
        root: '',
        // A size the server does not send is unknown (object storage does not count it): not shown.
        bytes: null,
        files: 0,
        objects: 0,
        fallback: null,
        gitignore: true
      },
      file: null
    });
    const plan = toCleanupPlan({
      unreferenced: { objects: '3', bytes: -5 },
      deleted: [null, { path: 7, bytes: NaN }],
      pinned_kept: 'x',
      bytes: Infinity
    });
    expect(plan.olderThanDays).toBeNull();
    expect(plan.unreferenced).toEqual({ objects: 0, bytes: 0 });
    expect(plan.deleted).toEqual([
      { path: '', deleted: '', bytes: 0, checkpoints: 0 },
      { path: '', deleted: '', bytes: 0, checkpoints: 0 }
    ]);
    expect(plan.pinnedKept).toEqual([]);
    expect(plan.bytes).toBe(0);
    expect(toCleanupResult({})).toEqual({
      freedBytes: 0,
      objectsRemoved: 0,
      historiesRemoved: 0,
      store: null
    });
  });

  it("keeps the server's fallback sentence as is", () => {
    const sentence =
      'the root folder /data cannot be written: checkpoints of /data are kept in /home/u/.local/share/jupyter/checkpoints/0123456789abcdef';
    expect(
      toUsage({ store: { fallback: sentence, gitignore: false } }).store
    ).toMatchObject({ fallback: sentence, gitignore: false });
  });

  it('says a plan is empty only when it frees nothing at all', () => {
    const empty = toCleanupPlan({
      unreferenced: { objects: 0, bytes: 0 },
      deleted: [],
      waiting: { objects: 3, bytes: 100 },
      bytes: 0
    });
    expect(planIsEmpty(empty)).toBe(true);
    expect(planIsEmpty(toCleanupPlan(PLAN))).toBe(false);
    expect(
      planIsEmpty({
        ...empty,
        deleted: [{ path: 'a', deleted: '', bytes: 0, checkpoints: 1 }]
      })
    ).toBe(false);
  });
});
