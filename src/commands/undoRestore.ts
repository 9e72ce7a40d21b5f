import { Notification } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';
import { reportError } from './dialogs';

/**
 * Undo of a whole-file restore, as the restore's notification offers it.
 *
 * A restore reverts every open view of the file to what the server wrote; JupyterLab records that
 * revert in the document's undo history, which is why Ctrl+Z in the notebook or editor already
 * brings the replaced state back. Undo does the same in each open view, then saves the first one
 * and reverts the others to it, so that disk and every view agree again (the replaced state is
 * also kept in the history, as the `before-restore` entry). Without an open view there is nothing
 * to undo in the page: `fallback` (restoring the kept entry on the server) runs instead.
 */
export async function undoRestore(
  contexts: readonly DocumentRegistry.Context[],
  fallback: () => Promise<unknown>
): Promise<void> {
  const open = contexts.filter(
    c => !c.isDisposed && c.model.sharedModel.canUndo()
  );
  if (open.length === 0) {
    await fallback();
    return;
  }
  for (const context of open) {
    context.model.sharedModel.undo();
  }
  const [first, ...others] = open;
  await first.save();
  for (const context of others) {
    await context.revert();
  }
}

/** The restore notification's Undo (also Ctrl+Z in the restored document). */
export function undoAction(
  trans: TranslationBundle,
  contexts: DocumentRegistry.Context[],
  fallback: () => Promise<unknown>
): Notification.IAction[] {
  return [
    {
      label: trans.__('Undo'),
      caption: trans.__(
        'Bring back what the restore replaced (Ctrl+Z in the document does the same)'
      ),
      callback: () =>
        void undoRestore(contexts, fallback).catch(
          reportError(trans.__('Cannot undo the restore'))
        )
    }
  ];
}
