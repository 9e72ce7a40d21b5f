/**
 * Edits that are never run or saved reach the history too: once an open notebook or text file has
 * gone `delay` without an edit while holding edits nothing keeps (pageCapture.ts `holdsUnkept`), an
 * automatic checkpoint of kind `unsaved` is sent from the page, without writing the file. Such
 * checkpoints coalesce as the run checkpoints do (coalescer.ts): within the minimum spacing of the
 * first of a series, a new one replaces the previous one this page made.
 *
 * The timer of a document restarts at each change of its content (`model.contentChanged`, which a
 * notebook emits for every cell), so typing never triggers it; a document that holds nothing new
 * when the timer fires sends nothing and waits for its next edit.
 */
import { ISignal } from '@lumino/signaling';
import { ICheckpoints } from '../tokens';
import { IAutoRecord, planCheckpoint, replacePrevious } from './coalescer';
import { CapturedContext, holdsUnkept, sendNow } from './pageCapture';
import { PageCheckpoints } from './pageCheckpoints';

/** Settings of idle checkpoints. */
export interface IIdleSettings {
  /** Milliseconds without an edit before the checkpoint; 0: never. */
  delayMs: number;
  /** Milliseconds within which a new idle checkpoint replaces the previous one. */
  minSpacingMs: number;
}

/** The part of a document context followed here. */
export type IdleContext = CapturedContext & {
  model: { contentChanged: ISignal<any, void> };
};

/** What one idle timer did (for tests and the console). */
export type IdleOutcome =
  | { action: 'created'; path: string; id: string; replaced: string | null }
  | { action: 'skipped'; path: string; reason: string };

export class IdleCheckpoints {
  constructor(
    private _service: ICheckpoints,
    private _page: PageCheckpoints,
    settings: IIdleSettings,
    /** The clock of the coalescing (tests pass their own). */
    private _now: () => number = Date.now
  ) {
    this._settings = { ...settings };
  }

  get settings(): IIdleSettings {
    return this._settings;
  }

  /** New settings apply from each document's next edit; 0 stops every timer at once. */
  set settings(value: IIdleSettings) {
    this._settings = { ...value };
    if (value.delayMs <= 0) {
      for (const timer of this._timers.values()) {
        clearTimeout(timer);
      }
      this._timers.clear();
    }
  }

  /** Resolves when the checkpoints being made are done (for tests). */
  get idle(): Promise<void> {
    return this._work.then(() => undefined);
  }

  get lastOutcome(): IdleOutcome | null {
    return this._lastOutcome;
  }

  /** Follows the edits of `context` until it is disposed. */
  follow(context: IdleContext): void {
    if (this._followed.has(context)) {
      return;
    }
    this._followed.add(context);
    const edited = () => this._restart(context);
    context.model.contentChanged.connect(edited);
    context.disposed.connect(() => {
      context.model.contentChanged.disconnect(edited);
      clearTimeout(this._timers.get(context));
      this._timers.delete(context);
    });
  }

  private _restart(context: IdleContext): void {
    clearTimeout(this._timers.get(context));
    this._timers.delete(context);
    const delay = this._settings.delayMs;
    if (delay > 0 && !context.isDisposed) {
      this._timers.set(
        context,
        setTimeout(() => {
          this._timers.delete(context);
          this._work = this._work.then(() => this._checkpoint(context));
        }, delay)
      );
    }
  }

  private async _checkpoint(context: IdleContext): Promise<void> {
    const path = context.path;
    this._lastOutcome = await this._make(context).catch(reason => {
      console.warn(
        `jupyterlab-checkpoints: the idle edits of ${path} could not be kept`,
        reason
      );
      return { action: 'skipped', path, reason: String(reason) } as const;
    });
  }

  private async _make(context: IdleContext): Promise<IdleOutcome> {
    const path = context.path;
    if ((await this._service.serverInfo.catch(() => null)) === null) {
      return { action: 'skipped', path, reason: 'stock server' };
    }
    return this._service.runExclusive(path, async () => {
      if (!holdsUnkept(context, this._page)) {
        return { action: 'skipped', path, reason: 'nothing unkept' };
      }
      const now = this._now();
      const last = this._last.get(path) ?? null;
      const plan = planCheckpoint({
        changed: true,
        last,
        kind: 'unsaved',
        path,
        now,
        minSpacingMs: this._settings.minSpacingMs
      });
      if (!plan.create) {
        return { action: 'skipped', path, reason: plan.reason };
      }
      // No label: the kind says it, and a save of the same content makes the entry a plain `save`.
      const sent = sendNow(context, this._page, this._service, {
        kind: 'unsaved',
        label: ''
      });
      if (!sent) {
        return { action: 'skipped', path, reason: 'not sent from the page' };
      }
      const created = await sent;
      const record: IAutoRecord = {
        id: created.id,
        path,
        kind: 'unsaved',
        label: '',
        createdAt: now,
        seriesStart: plan.seriesStart
      };
      this._last.set(path, record);
      const replaced =
        plan.replaceId !== null && last
          ? await replacePrevious(this._service, path, last, created.id)
          : null;
      return { action: 'created', path, id: created.id, replaced };
    });
  }

  private _settings: IIdleSettings;
  private _followed = new WeakSet<object>();
  private _timers = new Map<object, ReturnType<typeof setTimeout>>();
  private _last = new Map<string, IAutoRecord>();
  private _work: Promise<void> = Promise.resolve();
  private _lastOutcome: IdleOutcome | null = null;
}
