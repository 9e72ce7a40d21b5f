import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';
import { ChangeSummary, HistoryClient } from '../../client/historyClient';
import { CheckpointsModel } from '../checkpointsModel';
import { SummariesModel } from '../summariesModel';
import { ICheckpoint, ICheckpoints, IServerInfo } from '../../tokens';

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

const checkpoint = (id: string): ICheckpoint => ({
  id,
  lastModified: '2026-11-23T00:00:00Z',
  label: '',
  kind: 'save',
  pinned: false,
  size: 1
});

const summary = (edited: number): ChangeSummary => ({
  kind: 'notebook',
  first: false,
  cells: 2,
  added: 0,
  removed: 0,
  edited,
  outputs: 0,
  moved: 0,
  metadata: false,
  strip: 'ue'
});

/** The list the panel follows, per path; and summaries answered when the test says so. */
function setUp() {
  const lists = new Map<string, ICheckpoint[]>();
  const service = {
    serverInfo: Promise.resolve(INFO),
    changed: new Signal<ICheckpoints, any>({} as ICheckpoints),
    list: async (path: string) => lists.get(path) ?? [],
    fileUsage: async () => ({ store: INFO.store, file: null })
  } as unknown as ICheckpoints;
  const asked: string[] = [];
  const answers = new Map<string, PromiseDelegate<Map<string, any>>>();
  const client = {
    summaries: (path: string) => {
      asked.push(path);
      const answer = new PromiseDelegate<Map<string, any>>();
      answers.set(path, answer);
      return answer.promise;
    }
  } as unknown as HistoryClient;
  const model = new CheckpointsModel(service);
  const summaries = new SummariesModel(client, model);
  return { lists, model, summaries, asked, answers };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('SummariesModel', () => {
  it('asks once per list of checkpoints, not on every change of the panel', async () => {
    const { lists, model, summaries, asked, answers } = setUp();
    lists.set('a.ipynb', [checkpoint('2'), checkpoint('1')]);
    await settle();
    model.setPath('a.ipynb');
    await settle();
    expect(asked).toEqual(['a.ipynb']);
    answers.get('a.ipynb')!.resolve(new Map([['2', summary(1)]]));
    await settle();
    expect(summaries.get('2')).toEqual(summary(1));
    expect(summaries.get('1')).toBeUndefined();

    model.setFilters({ text: 'x' });
    model.selectedId = '1';
    await model.refresh();
    await settle();
    expect(asked).toEqual(['a.ipynb']);

    // A new checkpoint changes its older neighbour's place: ask again.
    lists.set('a.ipynb', [checkpoint('3'), checkpoint('2'), checkpoint('1')]);
    await model.refresh();
    await settle();
    expect(asked).toEqual(['a.ipynb', 'a.ipynb']);
  });

  it('drops a late answer for the document the panel left, and shows none on failure', async () => {
    const { lists, model, summaries, asked, answers } = setUp();
    lists.set('a.ipynb', [checkpoint('1')]);
    lists.set('b.ipynb', [checkpoint('1')]);
    await settle();
    model.setPath('a.ipynb');
    await settle();
    const forA = answers.get('a.ipynb')!;
    model.setPath('b.ipynb');
    await settle();
    expect(asked).toEqual(['a.ipynb', 'b.ipynb']);
    forA.resolve(new Map([['1', summary(5)]]));
    await settle();
    expect(summaries.get('1')).toBeUndefined();
    answers.get('b.ipynb')!.reject(new Error('offline'));
    await settle();
    expect(summaries.get('1')).toBeUndefined();
  });
});
