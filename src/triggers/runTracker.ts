import { RunGroup } from './runGroup';
import { failureOf, outputsOf } from './failure';

/** The part of a cell widget the tracker reads. */
export interface ICellLike {
  readonly isDisposed: boolean;
  readonly model: {
    readonly type: string;
    readonly executionState?: string;
    /** Code cells: the count the prompt shows (`[5]`). */
    readonly executionCount?: number | null;
    readonly sharedModel?: { getSource(): string };
  };
}

/** The part of a notebook widget the tracker reads. */
export interface INotebookLike {
  readonly widgets: readonly ICellLike[];
}

export interface IRunTrackerOptions<N extends INotebookLike> {
  /** How long the queue must stay empty before the group is handed over (ms). */
  quietMs: number;
  /**
   * How often cells still counted as pending are checked while the queue is not empty (ms).
   * JupyterLab emits no `executed` for a run that was cancelled (kernel restart, cell run again
   * while queued, cell deleted): such cells are dropped once they no longer show as running.
   */
  watchdogMs?: number;
  /** Called once per drained queue, with the cells that ran. Never awaited. */
  onDrained: (notebook: N, group: RunGroup) => void;
}

interface IState {
  pending: Set<ICellLike>;
  group: RunGroup;
  quiet: ReturnType<typeof setTimeout> | null;
  watchdog: ReturnType<typeof setInterval> | null;
}

/**
 * Groups executions per notebook until its queue drains: no cell scheduled and not finished, then a
 * quiet period with nothing newly scheduled. Every method returns at once; nothing here waits.
 */
export class RunTracker<N extends INotebookLike> {
  constructor(private _options: IRunTrackerOptions<N>) {}

  get quietMs(): number {
    return this._options.quietMs;
  }

  set quietMs(value: number) {
    this._options.quietMs = value;
  }

  /** Cells of `notebook` scheduled and not finished. */
  pendingCount(notebook: N): number {
    return this._states.get(notebook)?.pending.size ?? 0;
  }

  /** `NotebookActions.executionScheduled`. */
  scheduled(notebook: N, cell: ICellLike): void {
    const state = this._state(notebook);
    state.pending.add(cell);
    this._clearQuiet(state);
    if (state.watchdog === null) {
      state.watchdog = setInterval(
        () => this._prune(notebook, state),
        this._options.watchdogMs ?? 2000
      );
    }
  }

  /** `NotebookActions.executed`. */
  executed(
    notebook: N,
    cell: ICellLike,
    success: boolean,
    error?: unknown
  ): void {
    const state = this._state(notebook);
    state.pending.delete(cell);
    const failure = failureOf(success, error, outputsOf(cell.model));
    state.group.add({
      index: notebook.widgets.indexOf(cell),
      success: !failure.failed,
      errorName: failure.errorName,
      code: cell.model.type === 'code',
      // Read at the run's end: what the prompt shows and what ran, for the entry's label.
      executionCount: cell.model.executionCount ?? null,
      source: cell.model.sharedModel?.getSource()
    });
    this._maybeDrained(notebook, state);
  }

  /** Drop what is known of `notebook` (closed). */
  forget(notebook: N): void {
    const state = this._states.get(notebook);
    if (state) {
      this._clearQuiet(state);
      this._stopWatchdog(state);
      this._states.delete(notebook);
    }
  }

  dispose(): void {
    for (const notebook of [...this._states.keys()]) {
      this.forget(notebook);
    }
  }

  private _state(notebook: N): IState {
    let state = this._states.get(notebook);
    if (!state) {
      state = {
        pending: new Set(),
        group: new RunGroup(),
        quiet: null,
        watchdog: null
      };
      this._states.set(notebook, state);
    }
    return state;
  }

  private _prune(notebook: N, state: IState): void {
    for (const cell of state.pending) {
      if (cell.isDisposed || cell.model.executionState !== 'running') {
        state.pending.delete(cell);
      }
    }
    this._maybeDrained(notebook, state);
  }

  private _maybeDrained(notebook: N, state: IState): void {
    if (state.pending.size > 0) {
      return;
    }
    this._stopWatchdog(state);
    this._clearQuiet(state);
    if (state.group.size === 0) {
      return;
    }
    state.quiet = setTimeout(() => {
      state.quiet = null;
      if (state.pending.size > 0) {
        return;
      }
      const group = state.group;
      state.group = new RunGroup();
      this._options.onDrained(notebook, group);
    }, this._options.quietMs);
  }

  private _clearQuiet(state: IState): void {
    if (state.quiet !== null) {
      clearTimeout(state.quiet);
      state.quiet = null;
    }
  }

  private _stopWatchdog(state: IState): void {
    if (state.watchdog !== null) {
      clearInterval(state.watchdog);
      state.watchdog = null;
    }
  }

  private _states = new Map<N, IState>();
}
