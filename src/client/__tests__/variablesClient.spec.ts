import { CheckpointsError } from '../request';
import { VariablesClient } from '../variablesClient';
import { fakeSettings } from './fakeServer';

const BASE = 'http://localhost:8888/jupyterlab-checkpoints/checkpoints/';

const LISTING = {
  variables: [{ name: 'df', type: 'pandas.DataFrame', size: 10, hash: 'ab' }],
  modules: [{ name: 'np', import: 'import numpy as np' }],
  skipped: [{ name: 'gen', type: 'generator', reason: 'a generator' }],
  pickler: 'cloudpickle',
  created: '2026-11-23T16:00:00+00:00'
};

describe('VariablesClient', () => {
  const { settings, calls } = fakeSettings(call => {
    if (call.url.includes('kernel=busy')) {
      return { status: 409, body: { message: 'the kernel is running a cell' } };
    }
    if (call.url.includes('/none/')) {
      return { status: 404, body: { message: 'no saved variables' } };
    }
    if (call.url.includes('/variables/restore?')) {
      return { status: 200, body: { restored: ['df', 'np'], skipped: [] } };
    }
    if (call.method === 'POST') {
      return { status: 201, body: { ...LISTING, bytes_written: 10 } };
    }
    return { status: 200, body: LISTING };
  });
  const client = new VariablesClient({
    serverSettings: settings,
    busyRetryMs: [1, 1]
  });

  it('snapshots with the path and the kernel', async () => {
    const listing = await client.snapshot('/dir/a b.ipynb', 'c1', 'k1');
    expect(listing.bytes_written).toBe(10);
    const call = calls[calls.length - 1];
    expect(call.method).toBe('POST');
    expect(call.url).toBe(
      BASE + 'c1/variables?path=dir%2Fa%20b.ipynb&kernel=k1'
    );
  });

  it('lists, and says null for a checkpoint without variables', async () => {
    expect((await client.list('a.ipynb', 'c1'))?.modules[0].import).toBe(
      'import numpy as np'
    );
    expect(await client.list('a.ipynb', 'none')).toBeNull();
  });

  it('restores into a kernel', async () => {
    const result = await client.restore('a.ipynb', 'c1', 'k1');
    expect(result.restored).toEqual(['df', 'np']);
    expect(calls[calls.length - 1].url).toBe(
      BASE + 'c1/variables/restore?path=a.ipynb&kernel=k1'
    );
  });

  it('carries the server message of a refusal', async () => {
    const before = calls.length;
    await expect(client.snapshot('a.ipynb', 'c1', 'busy')).rejects.toEqual(
      new CheckpointsError('the kernel is running a cell', 409)
    );
    expect(calls.length - before).toBe(3); // asked again twice: the kernel may just be going idle
  });
});
