/**
 * Keeps what the page holds before JupyterLab's own dialogs and commands throw it away: File Changed
 * → Revert, closing a tab with Discard (or Close and Shut Down), File → Reload from Disk, File →
 * Revert to Checkpoint (the same commands in Notebook 7). When the page holds edits nothing keeps
 * (pageCapture.ts `holdsUnkept`), they are read at once and sent as an automatic checkpoint of kind
 * `unsaved`, labelled with what discarded them; the dialog or the close never waits for the network.
 *
 * Where it hooks, and why there (JupyterLab 4, docregistry/context.ts and docmanager/widgetmanager.ts):
 * - Every one of these reverts goes through the context's public `revert()`: the File Changed dialog
 *   of a save (`_raiseConflict` calls `this.revert()`), and the `docmanager:reload` and
 *   `docmanager:restore-checkpoint` commands. Its own instance method is wrapped: the wrapper runs
 *   before `revert` awaits anything, so before the model is replaced. A `fileChanged` or
 *   `commandExecuted` listener comes too late (after the load, or before the dialog is answered).
 * - A close with Discard ends in `widget.dispose()`. The document manager disposes the widget's
 *   extensions (a `DocumentRegistry.IWidgetExtension`'s disposable) on the widget's `disposed`
 *   signal before disposing the context and its model, which it connects after: at that point the
 *   model is still whole. The context's own `disposed` signal is emitted after the model is gone.
 * - Which command asked for a revert is told by `commandExecuted`, emitted as soon as a command
 *   starts, with the promise of its result: the command is pending while its dialog is open and
 *   until its revert is done. A revert during a save is the File Changed dialog's.
 */
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ICheckpoints } from '../tokens';
import { capture, CapturedContext, holdsUnkept } from './pageCapture';
import { PageCheckpoints } from './pageCheckpoints';

/** What discarded the page's content. */
export type DiscardReason = 'revert' | 'close' | 'reload' | 'restore';

/** JupyterLab's commands that revert the current document, and the reason each one stands for. */
export const REVERTING_COMMANDS: Readonly<Record<string, DiscardReason>> = {
  'docmanager:reload': 'reload',
  'docmanager:restore-checkpoint': 'restore'
};

/** The label of the checkpoint kept before each discard. */
export function discardLabel(
  reason: DiscardReason,
  trans: TranslationBundle
): string {
  switch (reason) {
    case 'close':
      return trans.__('Unsaved changes before Close');
    case 'reload':
      return trans.__('Unsaved changes before Reload');
    case 'restore':
      return trans.__('Unsaved changes before Revert to Checkpoint');
    default:
      return trans.__('Unsaved changes before Revert');
  }
}

/** The part of a document context guarded here. */
export type GuardedContext = CapturedContext &
  Pick<DocumentRegistry.Context, 'revert' | 'saveState'>;

/** What one kept discard did (for tests and the console). */
export interface IDiscardOutcome {
  path: string;
  reason: DiscardReason;
  /** The checkpoint made, or why none was. */
  id: string | null;
  error?: string;
}

export class DiscardGuard {
  constructor(
    private _service: ICheckpoints,
    private _page: PageCheckpoints,
    private _trans: TranslationBundle
  ) {
    // Known before any discard, so that a stock server (which cannot keep the page's content)
    // costs no serialising; while unknown, the content is captured anyway.
    void _service.serverInfo.then(
      info => (this._serverPart = info !== null),
      () => (this._serverPart = false)
    );
  }

  /** Set to false to keep nothing (the setting is off). */
  enabled = true;

  /** Resolves when every checkpoint being sent is done (for tests). */
  get idle(): Promise<void> {
    return this._sending.then(() => undefined);
  }

  /** Outcomes of the discards kept so far, oldest first (for tests and the console). */
  get outcomes(): readonly IDiscardOutcome[] {
    return this._outcomes;
  }

  /**
   * Follows one widget of `context` (a widget extension's `createNew`): its revert, once per
   * context, and the widget's disposal. Dispose the result when the widget goes.
   */
  watch(widget: object, context: GuardedContext): IDisposable {
    this._guardRevert(context);
    const widgets = this._widgets.get(context) ?? new Set<object>();
    widgets.add(widget);
    this._widgets.set(context, widgets);
    let disposed = false;
    return {
      get isDisposed() {
        return disposed;
      },
      dispose: () => {
        if (disposed) {
          return;
        }
        disposed = true;
        widgets.delete(widget);
        // Another view of the same model keeps it: nothing is lost yet.
        if (widgets.size === 0) {
          this._widgets.delete(context);
          this.keep(context, 'close');
        }
      }
    };
  }

  /** A command started (`commandExecuted`): a reverting one names the reverts until it is done. */
  commandStarted(id: string, result: Promise<unknown>): void {
    const reason = REVERTING_COMMANDS[id];
    if (!reason) {
      return;
    }
    this._pending.push(reason);
    const done = () => {
      const i = this._pending.indexOf(reason);
      if (i >= 0) {
        this._pending.splice(i, 1);
      }
    };
    void Promise.resolve(result).then(done, done);
  }

  /**
   * Keeps what the page holds of `context` if nothing keeps it yet: read now, sent after. Returns
   * the promise of the send, or null when nothing needed keeping.
   */
  keep(context: CapturedContext, reason: DiscardReason): Promise<void> | null {
    if (
      !this.enabled ||
      this._serverPart === false ||
      !holdsUnkept(context, this._page)
    ) {
      return null;
    }
    const path = context.path;
    let send;
    try {
      send = capture(context, this._page, this._service);
    } catch (reason) {
      console.warn('jupyterlab-checkpoints: cannot read the page', reason);
      return null;
    }
    if (!send) {
      return null;
    }
    const label = discardLabel(reason, this._trans);
    const sent = send({ kind: 'unsaved', label }).then(
      created => {
        this._outcomes.push({ path, reason, id: created.id });
      },
      error => {
        console.warn(
          `jupyterlab-checkpoints: the unsaved changes of ${path} could not be kept`,
          error
        );
        this._outcomes.push({ path, reason, id: null, error: String(error) });
      }
    );
    this._sending = this._sending.then(() => sent);
    return sent;
  }

  /** Wraps the context's own `revert` (see the module's comment). */
  private _guardRevert(context: GuardedContext): void {
    if (this._reverts.has(context)) {
      return;
    }
    this._reverts.add(context);
    let saving = 0;
    context.saveState.connect((_, state) => {
      saving = state === 'started' ? saving + 1 : Math.max(0, saving - 1);
    });
    const revert = context.revert.bind(context);
    context.revert = () => {
      const reason: DiscardReason =
        saving > 0 ? 'revert' : (this._pending[0] ?? 'revert');
      this.keep(context, reason);
      return revert();
    };
  }

  private _serverPart: boolean | null = null;
  private _pending: DiscardReason[] = [];
  private _reverts = new WeakSet<object>();
  private _widgets = new Map<object, Set<object>>();
  private _outcomes: IDiscardOutcome[] = [];
  private _sending: Promise<void> = Promise.resolve();
}
