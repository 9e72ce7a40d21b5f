import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { cleaningIcon } from '@jupyterlab/ui-components';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import * as React from 'react';
import { planIsEmpty } from '../client/parse';
import { CommandIDs } from '../commandIds';
import { compositeOf, IPanelPluginSettings } from '../settings';
import { ICleanupResult } from '../tokens';
import { CleanupPlanView } from '../views/CleanupPlanView';
import { formatSize } from '../views/format';
import { reportError } from './dialogs';
import { IPanelCommandsOptions } from './documentCommands';

/** How long "Freed 5.6 MB" stays. */
const DONE_MS = 5000;

/** What the clean-up command needs beyond the panel's commands. */
export interface ICleanupCommandsOptions extends IPanelCommandsOptions {
  /** Where `cleanupDeletedAfterDays` is read; without it, deleted files are left alone. */
  settingRegistry: ISettingRegistry | null;
  /** The plugin whose settings hold it. */
  pluginId: string;
}

/**
 * Clean Up Checkpoints…: shows what it would free (the server's plan), asks, frees it and says how
 * much came back. The server decides what goes and never removes a pinned checkpoint. Menus and
 * the toolbar button are declared in schema/panel.json; the palette entry in the panel plugin.
 */
export function addCleanupCommands(options: ICleanupCommandsOptions): void {
  const { app, service, model, trans, settingRegistry, pluginId } = options;
  const { commands } = app;

  let settings: Promise<ISettingRegistry.ISettings> | null = null;
  /** The setting's days; null (deleted files left alone) when the settings cannot be read. */
  const settingDays = async (): Promise<number | null> => {
    if (!settingRegistry) {
      return null;
    }
    try {
      settings = settings ?? settingRegistry.load(pluginId);
      // The composite follows the user's edits: read it at each run.
      const days = compositeOf<IPanelPluginSettings>(
        await settings
      ).cleanupDeletedAfterDays;
      return typeof days === 'number' && days >= 0 ? days : null;
    } catch {
      settings = null;
      return null;
    }
  };

  const daysArg = (args: ReadonlyPartialJSONObject): number | undefined => {
    const days = args.deletedOlderThanDays;
    return typeof days === 'number' && days >= 0 ? days : undefined;
  };

  commands.addCommand(CommandIDs.cleanUp, {
    label: trans.__('Clean Up Checkpoints…'),
    // Also the toolbar button's name: it must not contain another button's ("Deleted files").
    caption: trans.__(
      'Clean Up Checkpoints: free the disk space no checkpoint needs any more (pinned ones are kept)'
    ),
    icon: cleaningIcon,
    describedBy: {
      args: {
        type: 'object',
        properties: {
          deletedOlderThanDays: {
            type: 'number',
            minimum: 0,
            description: trans.__(
              "Remove the histories of files deleted more than this many days ago; by default the panel's setting"
            )
          }
        }
      }
    },
    // Without the server part there is no store to clean.
    isVisible: () => model.hasServerPart,
    execute: async args => {
      const days = daysArg(args) ?? (await settingDays());
      let plan;
      try {
        plan = await service.cleanupPlan(days);
      } catch (reason) {
        reportError(trans.__('Cannot clean up checkpoints'))(reason);
        return;
      }
      const title = trans.__('Clean Up Checkpoints');
      const body = React.createElement(CleanupPlanView, { plan, trans });
      if (planIsEmpty(plan)) {
        await showDialog({
          title,
          body,
          buttons: [Dialog.okButton({ label: trans.__('Close') })]
        });
        return;
      }
      const answer = await showDialog({
        title,
        body,
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({
            label: trans.__('Free %1', formatSize(plan.bytes))
          })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
      return freeAndReport(days);
    }
  });

  /** Free the planned space, saying so meanwhile (a large store takes a few seconds). */
  const freeAndReport = async (
    days: number | null
  ): Promise<ICleanupResult | undefined> => {
    const id = Notification.emit(
      trans.__('Cleaning up checkpoints…'),
      'in-progress',
      { autoClose: false }
    );
    try {
      const result = await service.cleanUp(days);
      Notification.update({
        id,
        message: trans.__('Freed %1', formatSize(result.freedBytes)),
        type: 'success',
        autoClose: DONE_MS
      });
      // The panel's figures follow through the service's `cleanup` change.
      return result;
    } catch (reason) {
      Notification.dismiss(id);
      reportError(trans.__('Cannot clean up checkpoints'))(reason);
    }
  };

  // The toolbar button and the palette entry appear once the server part is known to be there.
  let hadServerPart = model.hasServerPart;
  model.stateChanged.connect(() => {
    if (model.hasServerPart !== hadServerPart) {
      hadServerPart = model.hasServerPart;
      commands.notifyCommandChanged(CommandIDs.cleanUp);
    }
  });
}
