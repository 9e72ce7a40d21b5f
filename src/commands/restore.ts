import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandIDs } from '../commandIds';
import { ICheckpoint, ICheckpoints, IRestoreResult } from '../tokens';
import { askRestoreVariablesToo } from '../variables/restoreDialog';
import { checkpointTitle } from '../views/format';
import { freePath } from './actions';
import { reportError } from './dialogs';
import {
  contentsModelOf,
  openContexts,
  reloadFromDisk,
  saveDirty
} from './openContexts';
import { undoAction } from './undoRestore';

/**
 * Restore from a command: every open view of the file takes part (see `safeRestore`), and the user
 * is told what happened, a restore that happened with a warning included. Null when cancelled or
 * failed (the failure is reported).
 */
export async function restoreAndReport(
  app: JupyterFrontEnd,
  docManager: IDocumentManager,
  service: ICheckpoints,
  trans: TranslationBundle,
  path: string,
  checkpoint: ICheckpoint
): Promise<IRestoreResult | null> {
  const title = checkpointTitle(checkpoint, trans);
  // A checkpoint holding kernel variables asks whether to load them too (unticked by default).
  let withVariables = false;
  if (
    checkpoint.variables &&
    app.commands.hasCommand(CommandIDs.restoreVariables)
  ) {
    const answer = await askRestoreVariablesToo(checkpoint, trans);
    if (!answer) {
      return null;
    }
    withVariables = answer.variables;
  }
  const contexts = openContexts(docManager, path, app.shell);
  try {
    const result = await safeRestore(
      service,
      path,
      checkpoint,
      trans,
      contexts,
      app.serviceManager.contents
    );
    if (!result) {
      return null;
    }
    if (result.warning) {
      Notification.warning(
        trans.__('Restored %1. Note: %2', title, result.warning),
        { autoClose: 8000 }
      );
    } else {
      Notification.success(
        result.kept
          ? trans.__(
              'Restored %1. The state it replaced is kept in the history.',
              title
            )
          : trans.__('Restored %1', title),
        {
          autoClose: 8000,
          actions: undoAction(trans, contexts, () =>
            result.kept
              ? safeRestore(
                  service,
                  path,
                  result.kept,
                  trans,
                  openContexts(docManager, path, app.shell),
                  app.serviceManager.contents
                )
              : Promise.resolve(null)
          )
        }
      );
    }
    if (withVariables) {
      // Reports by itself what was restored and skipped.
      void app.commands.execute(CommandIDs.restoreVariables, {
        path,
        id: checkpoint.id
      });
    }
    return result;
  } catch (reason) {
    reportError(trans.__('Cannot restore the checkpoint'))(reason);
    return null;
  }
}

/**
 * Restore a checkpoint without losing anything, whoever has the file open.
 *
 * With the server part: every open context of the path is saved first (each but the last also kept
 * as a `before-restore` checkpoint, since the next save replaces it on disk), then the server restores
 * under the file's lock, keeping the replaced content and recording the restore (see the server's
 * store/restore.py), then every context is reverted, so no view holds stale edits that its next save
 * would write over the restore. Against a stock server (one checkpoint, nothing kept) unsaved edits
 * are only replaced after the user agrees, optionally after saving them as a copy. Resolves to null
 * when the user cancels. Rejects without changing anything when the server cannot say which it is.
 */
export async function safeRestore(
  service: ICheckpoints,
  path: string,
  checkpoint: ICheckpoint,
  trans: TranslationBundle,
  contexts: DocumentRegistry.Context[],
  contents: Contents.IManager
): Promise<IRestoreResult | null> {
  const info = await service.serverInfo;
  const title = checkpointTitle(checkpoint, trans);
  if (!info && !(await confirmStockRestore(path, trans, contexts, contents))) {
    return null;
  }
  return service.runExclusive(path, async () => {
    if (info) {
      await saveDirty(contexts, contents, () =>
        service.create(path, {
          kind: 'before-restore',
          label: trans.__('Before restoring %1', title)
        })
      );
    }
    const result = await service.restore(path, checkpoint.id, {
      beforeLabel: trans.__('Before restoring %1', title),
      rollbackLabel: trans.__('Restored %1', title)
    });
    await reloadFromDisk(contexts);
    return result;
  });
}

/**
 * Against a stock server a restore keeps nothing: ask before replacing unsaved edits, offering to
 * save them as a copy first. True when the restore may go on.
 */
async function confirmStockRestore(
  path: string,
  trans: TranslationBundle,
  contexts: DocumentRegistry.Context[],
  contents: Contents.IManager
): Promise<boolean> {
  const dirty = contexts.find(c => c.model.dirty);
  if (!dirty) {
    return true;
  }
  const copy = trans.__('Save a Copy First');
  const answer = await showDialog({
    title: trans.__('Replace Unsaved Changes?'),
    body: trans.__(
      '%1 has unsaved changes. This server keeps one checkpoint per file, so the restore keeps no copy of them.',
      PathExt.basename(path)
    ),
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: copy }),
      Dialog.warnButton({ label: trans.__('Discard and Restore') })
    ]
  });
  if (!answer.button.accept) {
    return false;
  }
  if (answer.button.label === copy) {
    const target = await freePath(contents, path, trans.__('unsaved changes'));
    await contents.save(target, contentsModelOf(dirty));
    Notification.info(trans.__('Unsaved changes saved as %1', target), {
      autoClose: 6000
    });
  }
  return true;
}
