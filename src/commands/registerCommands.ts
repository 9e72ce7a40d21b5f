import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  InputDialog,
  Notification,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandIDs } from '../commandIds';
import { checkpointsIcon, pinIcon } from '../icons';
import { CheckpointsModel } from '../model/checkpointsModel';
import { ICheckpoint, ICheckpoints } from '../tokens';
import { CheckpointsPanel } from '../views/CheckpointsPanel';
import { checkpointTitle } from '../views/format';
import {
  copyLink,
  download,
  openAsNewFile,
  safeRestore,
  saveAndCreate
} from './actions';
import { ItemCommandIDs } from './itemCommandIds';

export interface ICommandContext {
  app: JupyterFrontEnd;
  service: ICheckpoints;
  model: CheckpointsModel;
  panel: CheckpointsPanel;
  docManager: IDocumentManager;
  trans: TranslationBundle;
  /** The document the panel follows, if any. */
  currentContext: () => DocumentRegistry.Context | null;
  fileBrowser: IDefaultFileBrowser | null;
}

/**
 * Register the checkpoint commands. Keyboard shortcuts and menus are declared in schema/panel.json.
 */
export function registerCommands(ctx: ICommandContext): void {
  const { app, service, model, panel, docManager, trans } = ctx;
  const { commands } = app;

  const report = (title: string) => (reason: any) => {
    void showErrorMessage(title, reason?.message ?? String(reason));
  };

  /** The checkpoint a command acts on: its args, the item under the context menu, or the selection. */
  const target = (
    args: any
  ): { path: string; checkpoint: ICheckpoint } | null => {
    let id = typeof args.id === 'string' ? args.id : undefined;
    let path = typeof args.path === 'string' ? args.path : undefined;
    if (!id) {
      const node = app.contextMenuHitTest(n => !!n.dataset.checkpointId);
      id = node?.dataset.checkpointId ?? model.selectedId ?? undefined;
      path = path ?? node?.dataset.path;
    }
    path = path || model.path || undefined;
    const checkpoint = id ? model.find(id) : undefined;
    return path && checkpoint && path === model.path
      ? { path, checkpoint }
      : null;
  };

  const contextFor = (path: string): DocumentRegistry.Context | undefined => {
    const widget = docManager.findWidget(path);
    return widget ? docManager.contextForWidget(widget) : undefined;
  };

  const openPanel = () => {
    app.shell.activateById(panel.id);
    panel.focusList();
  };

  const askName = async (title: string, text = ''): Promise<string | null> => {
    const limit = model.serverInfo?.limits.max_label_length ?? 200;
    const result = await InputDialog.getText({
      title,
      label: trans.__('Name (up to %1 characters)', limit),
      text,
      placeholder: trans.__('e.g. Before refactoring the loader'),
      okLabel: trans.__('Save')
    });
    if (!result.button.accept) {
      return null;
    }
    return (result.value ?? '').trim().slice(0, limit);
  };

  const pin = async (path: string, checkpoint: ICheckpoint) => {
    const label = await askName(trans.__('Pin Checkpoint'), checkpoint.label);
    if (label === null) {
      return;
    }
    await service.update(path, checkpoint.id, { pinned: true, label });
  };

  commands.addCommand(CommandIDs.create, {
    label: trans.__('Create Checkpoint'),
    caption: trans.__('Save the document and keep a checkpoint of it'),
    icon: checkpointsIcon,
    isEnabled: () => ctx.currentContext() !== null,
    execute: async () => {
      const context = ctx.currentContext();
      if (!context) {
        Notification.warning(
          trans.__('Open a notebook or a file to create a checkpoint.'),
          {
            autoClose: 4000
          }
        );
        return;
      }
      try {
        const checkpoint = await saveAndCreate(context, service);
        const hasServerPart = (await service.serverInfo) !== null;
        Notification.success(
          trans.__('Checkpoint created for %1', context.localPath),
          {
            autoClose: 4000,
            actions: hasServerPart
              ? [
                  {
                    label: trans.__('Name it'),
                    caption: trans.__('Pin this checkpoint with a name'),
                    callback: () =>
                      void pin(context.path, checkpoint).catch(
                        report(trans.__('Cannot pin the checkpoint'))
                      )
                  }
                ]
              : []
          }
        );
        return checkpoint;
      } catch (reason) {
        report(trans.__('Cannot create a checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(CommandIDs.createNamed, {
    label: trans.__('Create Named Checkpoint…'),
    caption: trans.__('Create a pinned checkpoint with a name'),
    isEnabled: () => ctx.currentContext() !== null && model.hasServerPart,
    execute: async () => {
      const context = ctx.currentContext();
      if (!context) {
        return;
      }
      const label = await askName(trans.__('Create Named Checkpoint'));
      if (label === null) {
        return;
      }
      return saveAndCreate(context, service, { label, pinned: true }).catch(
        report(trans.__('Cannot create a checkpoint'))
      );
    }
  });

  commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Show Checkpoints Panel'),
    caption: trans.__(
      'Open the side panel listing the checkpoints of the current document'
    ),
    icon: checkpointsIcon,
    execute: openPanel
  });

  commands.addCommand(CommandIDs.restoreLatest, {
    label: trans.__('Restore Latest Checkpoint'),
    caption: trans.__(
      'Restore the newest checkpoint; the current state is kept first'
    ),
    isEnabled: () => ctx.currentContext() !== null,
    execute: async () => {
      const context = ctx.currentContext();
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
        await safeRestore(service, context.path, latest, trans, context);
        Notification.success(
          trans.__('Restored %1', checkpointTitle(latest, trans)),
          { autoClose: 4000 }
        );
      } catch (reason) {
        report(trans.__('Cannot restore the checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(CommandIDs.deleteUnpinned, {
    label: trans.__('Delete All Unpinned Checkpoints…'),
    caption: trans.__(
      'Delete every checkpoint of the current document that is not pinned'
    ),
    isEnabled: () => ctx.currentContext() !== null,
    execute: async () => {
      const context = ctx.currentContext();
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
          .catch(report(trans.__('Cannot delete a checkpoint')));
      }
    }
  });

  commands.addCommand(CommandIDs.openForFile, {
    label: trans.__('Show Checkpoints'),
    caption: trans.__('Open the file and the panel listing its checkpoints'),
    icon: checkpointsIcon,
    execute: async () => {
      const item = ctx.fileBrowser?.selectedItems().next();
      const path = item && !item.done ? item.value.path : null;
      if (path) {
        docManager.openOrReveal(path);
      }
      openPanel();
    }
  });

  commands.addCommand(ItemCommandIDs.restore, {
    label: trans.__('Restore'),
    caption: trans.__(
      'Restore this checkpoint; the current state is kept first'
    ),
    execute: async args => {
      const t = target(args);
      if (!t) {
        return;
      }
      try {
        await safeRestore(
          service,
          t.path,
          t.checkpoint,
          trans,
          contextFor(t.path)
        );
        Notification.success(
          trans.__('Restored %1', checkpointTitle(t.checkpoint, trans)),
          { autoClose: 4000 }
        );
      } catch (reason) {
        report(trans.__('Cannot restore the checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(ItemCommandIDs.pin, {
    label: trans.__('Pin…'),
    caption: trans.__('Pin with a name: never dropped automatically'),
    icon: pinIcon,
    isVisible: args => model.hasServerPart && !target(args)?.checkpoint.pinned,
    execute: args => {
      const t = target(args);
      return t
        ? pin(t.path, t.checkpoint).catch(
            report(trans.__('Cannot pin the checkpoint'))
          )
        : undefined;
    }
  });

  commands.addCommand(ItemCommandIDs.unpin, {
    label: trans.__('Unpin'),
    isVisible: args => model.hasServerPart && !!target(args)?.checkpoint.pinned,
    execute: args => {
      const t = target(args);
      return t
        ? service
            .update(t.path, t.checkpoint.id, { pinned: false })
            .catch(report(trans.__('Cannot unpin')))
        : undefined;
    }
  });

  commands.addCommand(ItemCommandIDs.rename, {
    label: trans.__('Rename…'),
    caption: trans.__('Only pinned checkpoints carry a name'),
    isVisible: args => model.hasServerPart && !!target(args)?.checkpoint.pinned,
    execute: async args => {
      const t = target(args);
      if (!t) {
        return;
      }
      const label = await askName(
        trans.__('Rename Checkpoint'),
        t.checkpoint.label
      );
      if (label !== null) {
        await service
          .update(t.path, t.checkpoint.id, { label })
          .catch(report(trans.__('Cannot rename')));
      }
    }
  });

  commands.addCommand(ItemCommandIDs.remove, {
    label: trans.__('Delete…'),
    execute: async args => {
      const t = target(args);
      if (!t) {
        return;
      }
      const answer = await showDialog({
        title: trans.__('Delete Checkpoint'),
        body: trans.__(
          'Delete the checkpoint "%1"? This cannot be undone.',
          checkpointTitle(t.checkpoint, trans)
        ),
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: trans.__('Delete') })
        ]
      });
      if (answer.button.accept) {
        await service
          .remove(t.path, t.checkpoint.id)
          .catch(report(trans.__('Cannot delete the checkpoint')));
      }
    }
  });

  commands.addCommand(ItemCommandIDs.openAsNew, {
    label: args =>
      (args.path as string | undefined)?.endsWith('.ipynb') ||
      model.path?.endsWith('.ipynb')
        ? trans.__('Open as New Notebook')
        : trans.__('Open as New File'),
    isEnabled: () => model.hasServerPart,
    execute: async args => {
      const t = target(args);
      if (!t) {
        return;
      }
      try {
        const path = await openAsNewFile(
          app.serviceManager.contents,
          service,
          t.path,
          t.checkpoint
        );
        docManager.openOrReveal(path);
        return path;
      } catch (reason) {
        report(trans.__('Cannot open the checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(ItemCommandIDs.download, {
    label: trans.__('Download'),
    isEnabled: () => model.hasServerPart,
    execute: args => {
      const t = target(args);
      return t
        ? download(service, t.path, t.checkpoint).catch(
            report(trans.__('Cannot download'))
          )
        : undefined;
    }
  });

  commands.addCommand(ItemCommandIDs.copyLink, {
    label: trans.__('Copy Link'),
    caption: trans.__(
      'Copy a URL that opens this file with this checkpoint selected'
    ),
    execute: args => {
      const t = target(args);
      if (!t) {
        return;
      }
      const link = copyLink(t.path, t.checkpoint);
      Notification.info(trans.__('Link copied'), { autoClose: 3000 });
      return link;
    }
  });

  commands.addCommand(ItemCommandIDs.restoreDeleted, {
    label: trans.__('Restore as File'),
    execute: async args => {
      const { path, id } = args as { path?: string; id?: string };
      if (!path || !id) {
        return;
      }
      try {
        const restored = await service.restoreDeleted(path, id);
        docManager.openOrReveal(restored);
        Notification.success(trans.__('Restored %1', restored), {
          autoClose: 4000
        });
        return restored;
      } catch (reason) {
        report(trans.__('Cannot restore the deleted file'))(reason);
      }
    }
  });
}
