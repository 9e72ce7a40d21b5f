import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { CommandIDs } from '../commandIds';
import {
  deleteIcon,
  downloadIcon,
  editIcon,
  launchIcon,
  linkIcon
} from '@jupyterlab/ui-components';
import { pinIcon, restoreIcon } from '../icons';
import { ICheckpoint } from '../tokens';
import { checkpointTitle } from '../views/format';
import { copyLink, download, openAsNewFile } from './actions';
import { openContexts, reloadFromDisk } from './openContexts';
import { restoreAndReport } from './restore';
import { IPanelCommandsOptions } from './documentCommands';
import { nameCheckpoint, reportError } from './dialogs';
import { checkpointArgs, commandTarget, stringArg } from './target';

/**
 * Commands on one checkpoint of the panel's document (see `commandTarget` for which one), and the
 * restore of a deleted file. Menus are declared in schema/panel.json.
 */
export function addItemCommands(options: IPanelCommandsOptions): void {
  const { app, service, model, docManager, trans } = options;
  const { commands } = app;
  const describedBy = checkpointArgs(trans);

  /** The checkpoint a command acts on, as the panel lists it. */
  const target = (
    args: ReadonlyPartialJSONObject
  ): { path: string; checkpoint: ICheckpoint } | null => {
    const t = commandTarget(app, model, args);
    const checkpoint =
      t && t.path === model.path ? model.find(t.id) : undefined;
    return t && checkpoint ? { path: t.path, checkpoint } : null;
  };

  commands.addCommand(CommandIDs.restore, {
    label: trans.__('Restore'),
    caption: trans.__(
      'Restore this checkpoint; the current state is kept first'
    ),
    icon: restoreIcon,
    describedBy,
    execute: async args => {
      const t = target(args);
      if (t) {
        await restoreAndReport(
          app,
          docManager,
          service,
          trans,
          t.path,
          t.checkpoint
        );
      }
    }
  });

  // Pinning keeps an entry; naming it is Rename's job (any entry can carry a name).
  commands.addCommand(CommandIDs.pin, {
    label: trans.__('Pin'),
    caption: trans.__('Pin: never dropped automatically'),
    icon: pinIcon,
    describedBy,
    isVisible: args => model.hasServerPart && !target(args)?.checkpoint.pinned,
    execute: args => {
      const t = target(args);
      return t
        ? service
            .update(t.path, t.checkpoint.id, { pinned: true })
            .catch(reportError(trans.__('Cannot pin the checkpoint')))
        : undefined;
    }
  });

  commands.addCommand(CommandIDs.unpin, {
    label: trans.__('Unpin'),
    icon: pinIcon,
    describedBy,
    isVisible: args => model.hasServerPart && !!target(args)?.checkpoint.pinned,
    execute: args => {
      const t = target(args);
      return t
        ? service
            .update(t.path, t.checkpoint.id, { pinned: false })
            .catch(reportError(trans.__('Cannot unpin')))
        : undefined;
    }
  });

  commands.addCommand(CommandIDs.rename, {
    label: trans.__('Rename…'),
    caption: trans.__('Name this checkpoint (pinned or not)'),
    icon: editIcon,
    describedBy,
    isVisible: args =>
      model.hasServerPart &&
      !!target(args) &&
      target(args)?.checkpoint.kind !== 'legacy',
    execute: args => {
      const t = target(args);
      return t
        ? nameCheckpoint(
            service,
            trans,
            model.serverInfo,
            t.path,
            t.checkpoint
          ).catch(reportError(trans.__('Cannot rename')))
        : undefined;
    }
  });

  commands.addCommand(CommandIDs.remove, {
    label: trans.__('Delete…'),
    icon: deleteIcon,
    describedBy,
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
          .catch(reportError(trans.__('Cannot delete the checkpoint')));
      }
    }
  });

  commands.addCommand(CommandIDs.openAsNew, {
    label: args =>
      stringArg(args, 'path')?.endsWith('.ipynb') ||
      model.path?.endsWith('.ipynb')
        ? trans.__('Open as New Notebook')
        : trans.__('Open as New File'),
    icon: launchIcon,
    describedBy,
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
        reportError(trans.__('Cannot open the checkpoint'))(reason);
      }
    }
  });

  commands.addCommand(CommandIDs.download, {
    label: trans.__('Download'),
    icon: downloadIcon,
    describedBy,
    isEnabled: () => model.hasServerPart,
    execute: args => {
      const t = target(args);
      return t
        ? download(service, t.path, t.checkpoint).catch(
            reportError(trans.__('Cannot download'))
          )
        : undefined;
    }
  });

  commands.addCommand(CommandIDs.copyLink, {
    label: trans.__('Copy Link'),
    icon: linkIcon,
    caption: trans.__(
      'Copy a URL that opens this file with this checkpoint selected'
    ),
    describedBy,
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

  commands.addCommand(CommandIDs.restoreDeleted, {
    label: trans.__('Restore as File'),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: trans.__('Path the deleted file had')
          },
          id: {
            type: 'string',
            description: trans.__('Id of the kept checkpoint to restore')
          }
        },
        required: ['path', 'id']
      }
    },
    execute: async args => {
      const path = stringArg(args, 'path');
      const id = stringArg(args, 'id');
      if (!path || !id) {
        return;
      }
      try {
        const restored = await service.restoreDeleted(path, id);
        // A view of the deleted file still open shows its last text: it now shows the restored one.
        await reloadFromDisk(openContexts(docManager, restored, app.shell));
        docManager.openOrReveal(restored);
        Notification.success(trans.__('Restored %1', restored), {
          autoClose: 4000
        });
        return restored;
      } catch (reason) {
        reportError(trans.__('Cannot restore the deleted file'))(reason);
      }
    }
  });
}
