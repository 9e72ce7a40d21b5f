import { PathQueue } from '../pathQueue';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>(r => (resolve = r));
  return { promise, resolve };
}

describe('PathQueue', () => {
  it('runs the tasks of one path one at a time, in order', async () => {
    const queue = new PathQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('a.ipynb', async () => {
      log.push('save start');
      await gate.promise;
      log.push('save end');
    });
    const second = queue.run('/a.ipynb', async () => {
      log.push('restore');
    });
    await Promise.resolve();
    expect(log).toEqual(['save start']);
    expect(queue.busy('a.ipynb')).toBe(true);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['save start', 'save end', 'restore']);
    await Promise.resolve();
    expect(queue.busy('a.ipynb')).toBe(false);
  });

  it('lets other paths run meanwhile', async () => {
    const queue = new PathQueue();
    const gate = deferred();
    const slow = queue.run('a.ipynb', () => gate.promise);
    let other = false;
    await queue.run('b.ipynb', async () => {
      other = true;
    });
    expect(other).toBe(true);
    gate.resolve();
    await slow;
  });

  it('goes on after a failed task and passes its error to the caller', async () => {
    const queue = new PathQueue();
    const failed = queue.run('a.ipynb', async () => {
      throw new Error('no space');
    });
    const next = queue.run('a.ipynb', async () => 42);
    await expect(failed).rejects.toThrow('no space');
    await expect(next).resolves.toBe(42);
  });
});
