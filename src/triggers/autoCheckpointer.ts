import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  Notebook,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal } from '@lumino/signaling';
import { AutoCheckpointOutcome, ICheckpoints } from '../tokens';
import { IAutoRecord, planCheckpoint, replacePrevious } from './coalescer';
import { OpenedContext } from './fileBase';
import { PageCheckpoints } from './pageCheckpoints';
import { contentHash, RunGroup } from './runGroup';
import { RunTracker } from './runTracker';

/** Settings of automatic checkpoints. */
export interface IAutoSettings {
  mode: 'afterRun' | 'off';
  /** Seconds within which a new automatic checkpoint replaces the previous one. */
  minSpacing: number;
  /** Milliseconds the queue must stay empty before the checkpoint is made. */
  quietMs: number;
}

/** The notebook signals the checkpointer listens to (NotebookActions' by default; tests pass others). */
export interface IExecutionSignals {
  executionScheduled: ISignal<any, { notebook: Notebook; cell: any }>;
  executed: ISignal<
    any,
    { notebook: Notebook; cell: any; success: boolean; error?: unknown }
  >;
}

/** The part of a document context the checkpointer uses. */
export type NotebookContext = Pick<
  DocumentRegistry.IContext<INotebookModel>,
  | 'path'
  | 'isReady'
  | 'isDisposed'
  | 'model'
  | 'save'
  | 'contentsModel'
  | 'disposed'
>;

interface IDocState {
  lastHash: string | null;
  last: IAutoRecord | null;
}

/** What happened to one drained group (for tests and the console). */
type Outcome = AutoCheckpointOutcome;

/**
 * Makes ONE checkpoint after a cell or a group of cells has run, once the notebook's execution
 * queue drains. Nothing is awaited inside the execution path, so the kernel never waits for it:
 * the signals only update counters, and the checkpoint happens after the quiet period.
 *
 * A notebook with cell ids is checkpointed from what the page holds (`PageCheckpoints`: the cells
 * changed since the last one, never writing the file). Other documents, notebooks shared in real
 * time, and old notebooks without cell ids are saved first and checkpointed from the file.
 */
export class AutoCheckpointer {
  constructor(
    private _service: ICheckpoints,
    private _trans: TranslationBundle,
    private _contextOf: (notebook: Notebook) => NotebookContext | null,
    settings: IAutoSettings,
    private _signals: IExecutionSignals = NotebookActions
  ) {
    this._settings = { ...settings };
    this._page = new PageCheckpoints(_service);
    this._tracker = new RunTracker<Notebook>({
      quietMs: settings.quietMs,
      onDrained: (notebook, group) => {
        this._work = this._work.then(() => this._checkpoint(notebook, group));
      }
    });
    this._signals.executionScheduled.connect(this._onScheduled, this);
    this._signals.executed.connect(this._onExecuted, this);
  }

  get settings(): IAutoSettings {
    return this._settings;
  }

  set settings(value: IAutoSettings) {
    this._settings = { ...value };
    this._tracker.quietMs = value.quietMs;
  }

  dispose(): void {
    this._signals.executionScheduled.disconnect(this._onScheduled, this);
    this._signals.executed.disconnect(this._onExecuted, this);
    this._tracker.dispose();
  }

  /** Follows a notebook from its opening: its first checkpoint sends what changed since the file. */
  follow(context: OpenedContext): Promise<void> {
    return this._page.open(context);
  }

  /** The page's checkpoints of notebooks (and their change trackers), shared with other triggers. */
  get page(): PageCheckpoints {
    return this._page;
  }

  /** Resolves when the checkpoints being made are done (for tests and the benchmark). */
  get idle(): Promise<void> {
    return this._work.then(() => undefined);
  }

  /** Outcome of the last drained group. */
  get lastOutcome(): Outcome | null {
    return this._lastOutcome;
  }

  private _watch(notebook: Notebook): void {
    if (!this._watched.has(notebook)) {
      this._watched.add(notebook);
      notebook.disposed.connect(() => {
        this._watched.delete(notebook);
        this._tracker.forget(notebook);
      });
    }
  }

  private _onScheduled(
    _: unknown,
    args: { notebook: Notebook; cell: any }
  ): void {
    this._watch(args.notebook);
    this._tracker.scheduled(args.notebook, args.cell);
  }

  private _onExecuted(
    _: unknown,
    args: { notebook: Notebook; cell: any; success: boolean; error?: unknown }
  ): void {
    this._watch(args.notebook);
    this._tracker.executed(args.notebook, args.cell, args.success, args.error);
  }

  private async _checkpoint(
    notebook: Notebook,
    group: RunGroup
  ): Promise<void> {
    this._lastOutcome = await this._make(notebook, group).catch(reason => {
      console.warn(
        'jupyterlab-checkpoints: automatic checkpoint failed',
        reason
      );
      return { action: 'skipped', reason: String(reason) } as Outcome;
    });
  }

  private async _make(notebook: Notebook, group: RunGroup): Promise<Outcome> {
    if (this._settings.mode === 'off') {
      return { action: 'skipped', reason: 'off' };
    }
    if (!group.ranCode) {
      return { action: 'skipped', reason: 'no code cell ran' };
    }
    const context = this._contextOf(notebook);
    if (!context || context.isDisposed || !context.isReady) {
      return { action: 'skipped', reason: 'no document' };
    }
    if (context.model.readOnly || context.contentsModel?.writable === false) {
      return { action: 'skipped', reason: 'read-only' };
    }
    // A stock server keeps one checkpoint per file: an automatic one would replace the user's.
    if ((await this._service.serverInfo.catch(() => null)) === null) {
      return { action: 'skipped', reason: 'stock server' };
    }
    return this._service.runExclusive(context.path, () =>
      this._create(context, group)
    );
  }

  private async _create(
    context: NotebookContext,
    group: RunGroup
  ): Promise<Outcome> {
    const path = context.path;
    const state = this._docState(path);
    const fromPage = this._page.applies(context);
    // From the file, the whole notebook is hashed to tell whether it changed; from the page, the
    // change tracker knows without reading it.
    const hash = fromPage
      ? null
      : contentHash(JSON.stringify(context.model.toJSON()));
    const kind = group.failed ? 'failure' : 'auto';
    const now = Date.now();
    const plan = planCheckpoint({
      changed: fromPage
        ? this._page.hasChanges(context)
        : state.lastHash === null || hash !== state.lastHash,
      last: state.last,
      kind,
      path,
      now,
      minSpacingMs: this._settings.minSpacing * 1000
    });
    if (!plan.create) {
      return { action: 'skipped', reason: plan.reason };
    }
    const label = group.label(this._trans);
    let created;
    if (fromPage) {
      created = await this._page.create(context, { kind, label });
    } else {
      if (context.model.dirty) {
        await context.save();
      }
      created = await this._service.create(path, { kind, label });
    }
    const previous = state.last;
    state.lastHash = hash;
    state.last = {
      id: created.id,
      path,
      kind,
      label,
      createdAt: now,
      seriesStart: plan.seriesStart
    };
    const replaced =
      plan.replaceId !== null && previous
        ? await replacePrevious(this._service, path, previous, created.id)
        : null;
    return { action: 'created', path, id: created.id, kind, label, replaced };
  }

  private _docState(path: string): IDocState {
    let state = this._docs.get(path);
    if (!state) {
      state = { lastHash: null, last: null };
      this._docs.set(path, state);
    }
    return state;
  }

  private _settings: IAutoSettings;
  private _page: PageCheckpoints;
  private _tracker: RunTracker<Notebook>;
  private _watched = new Set<Notebook>();
  private _docs = new Map<string, IDocState>();
  private _work: Promise<void> = Promise.resolve();
  private _lastOutcome: Outcome | null = null;
}

/** The context of the notebook panel holding `notebook`, if any. */
export function contextFinder(
  panels: () => Iterable<NotebookPanel>
): (notebook: Notebook) => DocumentRegistry.IContext<INotebookModel> | null {
  return notebook => {
    for (const panel of panels()) {
      if (panel.content === notebook) {
        return panel.context;
      }
    }
    return null;
  };
}
