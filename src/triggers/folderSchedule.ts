/**
 * Automatic folder checkpoints: one timer per page, checkpointing the folder the user last
 * checkpointed by hand, every `minutes` (0 = off). Nothing happens before a first manual folder
 * checkpoint: the schedule never picks a folder on its own.
 */
export class FolderSchedule {
  constructor(private _create: (path: string) => Promise<unknown>) {}

  /** The folder of the last manual folder checkpoint, or null. */
  get folder(): string | null {
    return this._folder;
  }

  get minutes(): number {
    return this._minutes;
  }

  setFolder(path: string): void {
    this._folder = path;
    this._restart();
  }

  setMinutes(minutes: number): void {
    const value = Number.isFinite(minutes) && minutes > 0 ? minutes : 0;
    if (value !== this._minutes) {
      this._minutes = value;
      this._restart();
    }
  }

  dispose(): void {
    window.clearInterval(this._timer);
  }

  /** A new folder or interval starts a full period: no checkpoint right after a manual one. */
  private _restart(): void {
    window.clearInterval(this._timer);
    this._timer = 0;
    if (this._minutes > 0 && this._folder !== null) {
      this._timer = window.setInterval(
        () => this._tick(),
        this._minutes * 60000
      );
    }
  }

  private _tick(): void {
    // One at a time: a slow server (a large folder) never gets a second request stacked on it.
    if (this._busy || this._folder === null) {
      return;
    }
    this._busy = true;
    void this._create(this._folder)
      .catch(reason =>
        console.warn('Automatic folder checkpoint failed', reason)
      )
      .finally(() => (this._busy = false));
  }

  private _folder: string | null = null;
  private _minutes = 0;
  private _timer = 0;
  private _busy = false;
}
