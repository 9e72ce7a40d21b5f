import { DocumentRegistry } from '@jupyterlab/docregistry';
import { ChangeTracker } from './changeTracker';

/** The part of a document context followed from its opening. */
export type OpenedContext = Pick<
  DocumentRegistry.Context,
  | 'path'
  | 'model'
  | 'disposed'
  | 'ready'
  | 'isDisposed'
  | 'contentsModel'
  | 'saveState'
  | 'fileChanged'
>;

/**
 * Makes the file the tracker's base whenever it holds the model: once loaded (`context` is ready),
 * after each save, after a revert. A revert (or rename) of a model edited since is not the file:
 * the base is then left as it is. At load the dirty flag is not asked: JupyterLab sets it while
 * loading (the cells' `trusted` metadata, which saving strips), before anyone can edit. The server checks the file's `last_modified` before composing on it (409 `file-changed`
 * otherwise), so a file written behind the page's back is never taken for the model.
 */
export function followFile(
  context: OpenedContext,
  tracker: ChangeTracker
): void {
  let saving = false;
  const loaded = (clean: boolean) => {
    const when = context.contentsModel?.last_modified;
    if (when && clean) {
      tracker.fileLoaded(when);
    }
  };
  loaded(true);
  // A save emits 'started' before it reads the model, and its fileChanged before 'completed'.
  context.saveState.connect((_, state) => {
    if (state === 'started') {
      saving = true;
      tracker.saveStarted();
    } else if (state === 'completed' || state === 'failed') {
      saving = false;
      const when = context.contentsModel?.last_modified ?? null;
      tracker.saveEnded(state === 'completed' ? when : null);
    }
  });
  context.fileChanged.connect(() => {
    if (!saving) {
      loaded(!context.model.dirty); // a revert, or a rename
    }
  });
}
