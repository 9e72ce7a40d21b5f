import { HistoryClient } from '../historyClient';
import { CheckpointsError } from '../request';
import { fakeSettings } from './fakeServer';

const REF = {
  id: '20261123T010203000000-abcdef',
  created: '2026-11-23T01:02:03+00:00',
  label: 'Clean run',
  kind: 'manual',
  pinned: true
};

const CELL = {
  cell_type: 'code',
  id: 'c1',
  source: 'x = 1',
  metadata: {},
  outputs: [],
  execution_count: null
};

describe('HistoryClient', () => {
  const { settings, calls } = fakeSettings(call => {
    const url = new URL(call.url);
    const route = url.pathname.replace('/jupyterlab-checkpoints/', '');
    if (url.searchParams.get('path') !== 'dir/a b.ipynb') {
      return { status: 404, body: { message: 'no such file' } };
    }
    switch (route) {
      case 'summaries':
        return {
          status: 200,
          body: {
            summaries: {
              old: { kind: 'notebook', first: true, cells: 1, strip: 'a' },
              new: null
            }
          }
        };
      case 'cells/history':
        return url.searchParams.get('cell') === 'gone'
          ? { status: 404, body: { message: 'no checkpoint holds it' } }
          : {
              status: 200,
              body: {
                cell: 'c1',
                versions: [
                  { checkpoint: REF, checkpoints: [REF.id], cell: CELL }
                ]
              }
            };
      case 'cells/deleted':
        return {
          status: 200,
          body: {
            cells: [
              {
                cell: CELL,
                checkpoint: REF,
                index: 2,
                after: 'c0',
                before: null
              }
            ]
          }
        };
      case 'search':
        return {
          status: 200,
          body: {
            query: url.searchParams.get('q'),
            truncated: false,
            hits: [
              {
                checkpoint: REF,
                also: 2,
                cell: 'c1',
                index: 0,
                where: 'script',
                snippet: 'x = 1',
                match: [0, 1]
              }
            ]
          }
        };
    }
    return { status: 400, body: { message: 'bad route' } };
  });
  const client = new HistoryClient({ serverSettings: settings });
  const path = '/dir/a b.ipynb';

  beforeEach(() => calls.splice(0));

  it('reads summaries by checkpoint id, with the path normalised', async () => {
    const summaries = await client.summaries(path);
    expect(summaries.get('old')).toMatchObject({
      kind: 'notebook',
      first: true,
      cells: 1,
      strip: 'a'
    });
    expect(summaries.get('new')).toBeNull();
    expect(calls[0].url).toBe(
      'http://localhost:8888/jupyterlab-checkpoints/summaries?path=dir%2Fa%20b.ipynb'
    );
  });

  it("reads a cell's versions with checkpoint refs as checkpoints", async () => {
    const history = await client.cellHistory(path, { id: 'c1' });
    expect(history.versions[0].checkpoint).toMatchObject({
      id: REF.id,
      lastModified: REF.created,
      label: 'Clean run',
      pinned: true
    });
    expect(history.versions[0].cell.source).toBe('x = 1');
    await client.cellHistory(path, { index: 3 });
    expect(calls[1].url).toContain('index=3');
    await expect(client.cellHistory(path, { id: 'gone' })).rejects.toEqual(
      new CheckpointsError('no checkpoint holds it', 404)
    );
  });

  it('reads deleted cells with where they stood', async () => {
    const [deleted] = await client.deletedCells(path);
    expect(deleted).toMatchObject({ index: 2, after: 'c0', before: null });
  });

  it('sends the query as text and reads odd fields safely', async () => {
    const result = await client.search(path, 'a&b=c #d', 50);
    expect(calls[0].url).toContain('q=a%26b%3Dc%20%23d');
    expect(calls[0].url).toContain('limit=50');
    expect(result.query).toBe('a&b=c #d');
    // An unknown `where` reads as source.
    expect(result.hits[0]).toMatchObject({ also: 2, where: 'source' });
  });

  it('carries the server message of a failure', async () => {
    await expect(client.summaries('other.ipynb')).rejects.toMatchObject({
      status: 404,
      message: 'no such file'
    });
  });
});
