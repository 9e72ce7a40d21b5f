import { normalizePath } from '../paths';

/**
 * Runs the tasks of one path one after another, in the order they were asked for: an autosave, an
 * automatic checkpoint, Ctrl/Cmd+K and a restore of the same file never interleave (a checkpoint
 * taken in the middle of a restore would hold neither state). Tasks of different paths run freely.
 * A task must not wait for another task of the same path (it would wait for itself).
 */
export class PathQueue {
  run<T>(path: string, task: () => Promise<T>): Promise<T> {
    const key = normalizePath(path);
    const previous = this._tails.get(key) ?? Promise.resolve();
    // After the previous task settles, whatever its outcome: one failure must not block the file.
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined
    );
    this._tails.set(key, tail);
    void tail.then(() => {
      if (this._tails.get(key) === tail) {
        this._tails.delete(key);
      }
    });
    return result;
  }

  /** Whether a task of `path` is running or waiting. */
  busy(path: string): boolean {
    return this._tails.has(normalizePath(path));
  }

  private _tails = new Map<string, Promise<void>>();
}
