import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandIDs } from '../commandIds';
import { checkpointsIcon } from '../icons';
import { CheckpointsModel } from '../model/checkpointsModel';
import { ICheckpoints } from '../tokens';
import { CheckpointsPanel } from '../views/CheckpointsPanel';
import { saveAndCreate } from './actions';
import { restoreAndReport } from './restore';
import { CurrentDocument } from './currentDocument';
import { askName, nameCheckpoint, reportError } from './dialogs';
import { NO_ARGS } from './target';

/** What the commands of the panel's document act on. */
export interface IPanelCommandsOptions {
  app: JupyterFrontEnd;
  service: ICheckpoints;
  model: CheckpointsModel;
  panel: CheckpointsPanel;
  docManager: IDocumentManager;
  trans: TranslationBundle;
  /** The document the user works on, which the panel follows. */
  current: CurrentDocument;
  fileBrowser: IDefaultFileBrowser | null;
}

/**
 * Commands on the current document: create (Ctrl/Cmd+K), create named, restore the latest, delete
 * the unpinned ones, and show the panel. Shortcuts and menus are declared in schema/panel.json.
 */
export function addDocumentCommands(options: IPanelCommandsOptions): void {
  const { app, service, model, panel, docManager, trans, current } = options;
  const { commands } = app;

  const openPanel = () => {
    app.shell.activateById(panel.id);
    panel.focusList();
  };

  commands.addCommand(CommandIDs.create, {
    label: trans.__('Create Checkpoint'),
    caption: trans.__('Save the document and keep a checkpoint of it'),
    icon: checkpointsIcon,
    describedBy: NO_ARGS,
    isEnabled: () => current.context !== null,
    execute: async () => {
      const context = current.context;
      if (!context) {
        Notification.warning(
          trans.__('Open a notebook or a file to create a checkpoint.'),
          { autoClose: 4000 }
        );
        return;
      }
      try {
        const checkpoint = await saveAndCreate(context, service);
        const hasServerPart = (await service.serverInfo) !== null;
        Notification.success(
          checkpoint.unchanged
            ? trans.__(
                'No changes since the last checkpoint of %1: that one is kept as your checkpoint.',
                context.localPath
              )
            : trans.__('Checkpoint created for %1', context.localPath),
          {
            autoClose: 4000,
            actions: hasServerPart
              ? [
                  {
                    label: trans.__('Name it'),
                    caption: trans.__('Give this checkpoint a name'),
                    callback: () =>
                      void nameCheckpoint(
                        service,
                        trans,
                        model.serverInfo,
                        context.path,
                        checkpoint
                      ).catch(reportError(trans.__('Cannot rename')))
                  }
                ]
              : []
          }
        );
        return checkpoint;
      } catch (reason) {
        reportError(trans.__('Cannot create a checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(CommandIDs.createNamed, {
    label: trans.__('Create Named Checkpoint…'),
    caption: trans.__('Create a checkpoint with a name (pin it to keep it)'),
    describedBy: NO_ARGS,
    isEnabled: () => current.context !== null && model.hasServerPart,
    execute: async () => {
      const context = current.context;
      if (!context) {
        return;
      }
      const label = await askName(
        trans,
        model.serverInfo,
        trans.__('Create Named Checkpoint')
      );
      if (label === null) {
        return;
      }
      return saveAndCreate(context, service, { label }).catch(
        reportError(trans.__('Cannot create a checkpoint'))
      );
    }
  });

  commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Show Checkpoints Panel'),
    caption: trans.__(
      'Open the side panel listing the checkpoints of the current document'
    ),
    icon: checkpointsIcon,
    describedBy: NO_ARGS,
    execute: openPanel
  });

  commands.addCommand(CommandIDs.restoreLatest, {
    label: trans.__('Restore Latest Checkpoint'),
    caption: trans.__(
      'Restore the newest checkpoint; the current state is kept first'
    ),
    describedBy: NO_ARGS,
    isEnabled: () => current.context !== null,
    execute: async () => {
      const context = current.context;
      if (!context) {
        return;
      }
      try {
        const list = await service.list(context.path);
        const latest = list[list.length - 1];
        if (!latest) {
          Notification.info(
            trans.__('%1 has no checkpoint yet.', context.localPath),
            { autoClose: 4000 }
          );
          return;
        }
        await restoreAndReport(
          app,
          docManager,
          service,
          trans,
          context.path,
          latest
        );
      } catch (reason) {
        reportError(trans.__('Cannot restore the checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(CommandIDs.deleteUnpinned, {
    label: trans.__('Delete All Unpinned Checkpoints…'),
    caption: trans.__(
      'Delete every checkpoint of the current document that is not pinned'
    ),
    describedBy: NO_ARGS,
    isEnabled: () => current.context !== null,
    execute: async () => {
      const context = current.context;
      if (!context) {
        return;
      }
      const unpinned = (await service.list(context.path)).filter(
        c => !c.pinned
      );
      if (unpinned.length === 0) {
        Notification.info(trans.__('No unpinned checkpoint to delete.'), {
          autoClose: 4000
        });
        return;
      }
      const answer = await showDialog({
        title: trans.__('Delete Unpinned Checkpoints'),
        body: trans.__(
          'Delete %1 unpinned checkpoints of %2? Pinned ones are kept.',
          unpinned.length,
          context.localPath
        ),
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: trans.__('Delete') })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
      for (const c of unpinned) {
        await service
          .remove(context.path, c.id)
          .catch(reportError(trans.__('Cannot delete a checkpoint')));
      }
    }
  });

  commands.addCommand(CommandIDs.openForFile, {
    label: trans.__('Show Checkpoints'),
    caption: trans.__('Open the file and the panel listing its checkpoints'),
    icon: checkpointsIcon,
    describedBy: NO_ARGS,
    execute: async () => {
      const item = options.fileBrowser?.selectedItems().next();
      const path = item && !item.done ? item.value.path : null;
      if (path) {
        docManager.openOrReveal(path);
      }
      openPanel();
    }
  });
}
