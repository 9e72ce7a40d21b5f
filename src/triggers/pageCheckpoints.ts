import { ISharedNotebook } from '@jupyter/ydoc';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { isShared } from '../collaboration';
import { CheckpointsError } from '../client/request';
import { ICheckpoint, ICheckpoints, ICreateOptions } from '../tokens';
import { ChangeTracker } from './changeTracker';
import { followFile, OpenedContext } from './fileBase';
import { deltaText, hasCellIds, notebookBlob } from './pageDocument';

/** The part of a document context used here. */
export type PageContext = Pick<
  DocumentRegistry.Context,
  'path' | 'model' | 'disposed'
>;

/** How a page checkpoint was sent (for tests and the console). */
export type PageSend = 'delta' | 'document' | 'document-after-409';

/**
 * Checkpoints of notebooks made from what the page holds, without writing the file: each sends only
 * the cells changed since its base (the previous one, or the file as loaded or last saved); without
 * a base the whole notebook is sent (serialised in slices). When the server cannot compose a delta
 * (409: base gone, unknown cell, a base in another layout, a file changed since) the whole notebook
 * is sent once and becomes the new base.
 */
export class PageCheckpoints {
  constructor(private _service: ICheckpoints) {}

  /**
   * Whether `context` is checkpointed from the page: a notebook whose cells all have ids, not
   * shared in real time (there the server reads the room, which is what every collaborator sees).
   */
  applies(context: PageContext): boolean {
    const shared = notebookOf(context);
    return (
      shared !== null &&
      !isShared(context as DocumentRegistry.Context) &&
      hasCellIds(shared) &&
      this._tracker(context, shared).complete
    );
  }

  /**
   * Follows `context` from its opening, so that its first checkpoint sends only what changed since
   * the file was loaded (see `followFile`).
   */
  async open(context: OpenedContext): Promise<void> {
    await context.ready;
    const shared = notebookOf(context);
    if (!context.isDisposed && shared && !isShared(context as never)) {
      followFile(context, this._tracker(context, shared));
    }
  }

  /** Whether the notebook changed since the last checkpoint sent from this page (true before one). */
  hasChanges(context: PageContext): boolean {
    const shared = notebookOf(context);
    if (!shared) {
      return true;
    }
    const tracker = this._tracker(context, shared);
    return tracker.base === null || tracker.hasChanges;
  }

  /**
   * Whether cells changed since the last checkpoint sent from this page (true before one): the
   * user's edits, not the notebook metadata a kernel fills in on connecting.
   */
  hasCellChanges(context: PageContext): boolean {
    const shared = notebookOf(context);
    if (!shared) {
      return true;
    }
    const tracker = this._tracker(context, shared);
    return tracker.base === null || tracker.hasCellChanges;
  }

  /** How the last checkpoint was sent. */
  get lastSend(): PageSend | null {
    return this._lastSend;
  }

  /** A checkpoint of what the page holds of `context` (check `applies` first). */
  async create(
    context: PageContext,
    options: Omit<ICreateOptions, 'from'>
  ): Promise<ICheckpoint> {
    const shared = notebookOf(context);
    if (!shared) {
      throw new Error(`${context.path} is not a notebook`);
    }
    const tracker = this._tracker(context, shared);
    const taken = tracker.take();
    try {
      let created: ICheckpoint | null = null;
      let send: PageSend = 'document';
      const base = tracker.base;
      if (base !== null) {
        try {
          created = await this._service.create(context.path, {
            ...options,
            from: { delta: deltaText(shared, base, taken.cells) }
          });
          send = 'delta';
        } catch (reason) {
          if (!(reason instanceof CheckpointsError && reason.status === 409)) {
            throw reason;
          }
          send = 'document-after-409';
        }
      }
      if (created === null) {
        const document = await notebookBlob(shared, {
          structureVersion: () => tracker.structureVersion
        });
        created = await this._service.create(context.path, {
          ...options,
          from: { document }
        });
      }
      tracker.commit(created.id, taken);
      this._lastSend = send;
      return created;
    } catch (reason) {
      tracker.restore(taken);
      throw reason;
    }
  }

  /**
   * What the page holds of `context`, read now, in one synchronous step, and sent later by calling
   * the result: for a discard (Revert, close) that replaces or drops the model right after. The
   * delta is taken as `create` takes it; the whole notebook is serialised at once as well, since the
   * model may be gone by the time a 409 asks for it (a Revert has changed the file, so a delta on
   * the file as loaded is refused). That read is one task: about 150-300 ms for a 5 MB notebook in
   * Chromium, paid once when the user discards, never on the network.
   */
  capture(
    context: PageContext
  ): (options: Omit<ICreateOptions, 'from'>) => Promise<ICheckpoint> {
    const shared = notebookOf(context);
    if (!shared) {
      throw new Error(`${context.path} is not a notebook`);
    }
    const path = context.path;
    const tracker = this._tracker(context, shared);
    const taken = tracker.take();
    const base = tracker.base;
    const delta =
      base === null || !hasCellIds(shared) || !tracker.complete
        ? null
        : deltaText(shared, base, taken.cells);
    const document = new Blob([JSON.stringify(context.model.toJSON())]);
    return async options => {
      try {
        let created: ICheckpoint | null = null;
        if (delta !== null) {
          created = await this._service
            .create(path, { ...options, from: { delta } })
            .catch(reason => {
              if (reason instanceof CheckpointsError && reason.status === 409) {
                return null;
              }
              throw reason;
            });
        }
        created ??= await this._service.create(path, {
          ...options,
          from: { document }
        });
        tracker.commit(created.id, taken);
        return created;
      } catch (reason) {
        tracker.restore(taken);
        throw reason;
      }
    };
  }

  /** The tracker of `context`'s notebook, made on first use and dropped with the context. */
  private _tracker(
    context: PageContext,
    shared: ISharedNotebook
  ): ChangeTracker {
    let tracker = this._trackers.get(shared);
    if (!tracker) {
      const made = new ChangeTracker(shared);
      tracker = made;
      this._trackers.set(shared, made);
      context.disposed.connect(() => {
        made.dispose();
        this._trackers.delete(shared);
      });
    }
    return tracker;
  }

  private _trackers = new WeakMap<ISharedNotebook, ChangeTracker>();
  private _lastSend: PageSend | null = null;
}

/** The shared notebook of a context's model; null for other documents. */
function notebookOf(context: PageContext): ISharedNotebook | null {
  const shared = (
    context.model as unknown as { sharedModel?: Partial<ISharedNotebook> }
  ).sharedModel;
  return shared &&
    Array.isArray(shared.cells) &&
    typeof shared.getMetadata === 'function' &&
    shared.changed
    ? (shared as ISharedNotebook)
    : null;
}
