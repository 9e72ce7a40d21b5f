import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';
import { CheckpointsModel } from '../checkpointsModel';
import {
  ICheckpoints,
  ICheckpointsChange,
  IServerInfo,
  IUsage
} from '../../tokens';

const STORE = { root: '/s', bytes: 5000, files: 2, objects: 9 };

const INFO = {
  version: '0',
  limits: {
    max_unpinned: 10,
    max_pinned: 10,
    max_label_length: 200,
    deleted_retention_days: 30
  },
  store: STORE
} as IServerInfo;

/** A service whose disk-use answers the test releases one by one. */
class UsageService {
  constructor(readonly serverInfo: Promise<IServerInfo | null>) {}
  changed = new Signal<ICheckpoints, ICheckpointsChange>(
    this as unknown as ICheckpoints
  );
  asked: (string | null)[] = [];
  answers: PromiseDelegate<IUsage>[] = [];
  list(): Promise<never[]> {
    return Promise.resolve([]);
  }
  fileUsage(path: string | null): Promise<IUsage> {
    this.asked.push(path);
    const answer = new PromiseDelegate<IUsage>();
    this.answers.push(answer);
    return answer.promise;
  }
  answer(i: number, fileBytes: number, storeBytes = 7000): void {
    const path = this.asked[i];
    this.answers[i].resolve({
      store: { ...STORE, bytes: storeBytes, fallback: null },
      file: path ? { path, bytes: fileBytes, objects: 1, checkpoints: 1 } : null
    });
  }
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

async function modelWith(
  info: IServerInfo | null
): Promise<[CheckpointsModel, UsageService]> {
  const service = new UsageService(Promise.resolve(info));
  const model = new CheckpointsModel(service as unknown as ICheckpoints);
  await flush();
  return [model, service];
}

describe('CheckpointsModel disk use', () => {
  it("asks once per refresh for the file's and the store's figures", async () => {
    const [model, service] = await modelWith(INFO);
    service.asked = [];
    service.answers = [];
    model.setPath('a.ipynb');
    await flush();
    expect(service.asked).toEqual(['a.ipynb']);
    expect(model.fileBytes).toBeNull();
    // Until the answer, the total comes from the server's info.
    expect(model.store?.bytes).toBe(5000);
    service.answer(0, 1200);
    await flush();
    expect(model.fileBytes).toBe(1200);
    expect(model.store?.bytes).toBe(7000);

    await model.refresh();
    expect(service.asked).toEqual(['a.ipynb', 'a.ipynb']);
  });

  it('drops a late answer for a file it no longer follows', async () => {
    const [model, service] = await modelWith(INFO);
    model.setPath('a.ipynb');
    model.setPath('b.ipynb');
    await flush();
    const a = service.asked.lastIndexOf('a.ipynb');
    const b = service.asked.lastIndexOf('b.ipynb');
    service.answer(b, 222);
    await flush();
    service.answer(a, 111);
    await flush();
    expect(model.fileBytes).toBe(222);
  });

  it('asks again after a clean-up, whatever file it follows', async () => {
    const [model, service] = await modelWith(INFO);
    model.setPath('a.ipynb');
    await flush();
    const before = service.asked.length;
    service.changed.emit({ path: '', type: 'cleanup' });
    expect(service.asked.length).toBe(before + 1);
    service.answer(service.asked.length - 1, 10, 900);
    await flush();
    expect(model.store?.bytes).toBe(900);
  });

  it('leaves the figures out when the server cannot say, the list unaffected', async () => {
    const [model, service] = await modelWith(INFO);
    model.setPath('a.ipynb');
    await flush();
    service.answers[service.answers.length - 1].reject(new Error('boom'));
    await flush();
    expect(model.fileBytes).toBeNull();
    expect(model.error).toBeNull();
  });

  it('never asks without the server part', async () => {
    const [model, service] = await modelWith(null);
    model.setPath('a.ipynb');
    await flush();
    expect(service.asked).toEqual([]);
    expect(model.store).toBeNull();
  });
});
