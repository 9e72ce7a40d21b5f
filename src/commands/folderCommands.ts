import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import * as React from 'react';
import { FoldersClient } from '../client/foldersClient';
import { CommandIDs } from '../commandIds';
import { FolderCheckpointsModel } from '../model/folderCheckpointsModel';
import { folderCheckpointTitle } from '../views/folders/FolderList';
import { askName } from './dialogs';
import {
  browserFolder,
  folderArg,
  folderArgs,
  folderTarget,
  IFolderTarget,
  onFolderTarget
} from './folderTarget';
import { findFolderCheckpoint } from './folderViews';

export interface IFolderCommandsOptions {
  app: JupyterFrontEnd;
  client: FoldersClient;
  /** The panel's folder list; null when the panel is not there. */
  model: FolderCheckpointsModel | null;
  fileBrowser: IDefaultFileBrowser | null;
  trans: TranslationBundle;
  /** Told of each folder checkpointed by hand: the schedule follows it. */
  onManual: (path: string) => void;
}

/** How a folder is named in messages: its path, or "the root folder". */
export function folderName(path: string, trans: TranslationBundle): string {
  return path ? path : trans.__('the root folder');
}

/**
 * Checkpoint a folder, and pin, rename or delete its checkpoints. Menus are declared in
 * schema/folders.json; the preview's commands are in folderPreviewCommands.ts.
 */
export function addFolderCommands(options: IFolderCommandsOptions): void {
  const { app, client, model, fileBrowser, trans, onManual } = options;
  const describedBy = folderArgs(trans);

  /** The checkpoint as the server lists it now (its label and pin may have changed). */
  const find = (t: IFolderTarget) => findFolderCheckpoint(client, t, trans);

  app.commands.addCommand(CommandIDs.createFolder, {
    label: trans.__('Checkpoint Folder'),
    caption: trans.__(
      'Record every file of the folder at once (the current folder of the file browser by default)'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: trans.__(
              "Path of the folder; by default the file browser's current folder"
            )
          }
        }
      }
    },
    isEnabled: args => folderArg(args) !== null || !!fileBrowser,
    execute: async args => {
      const path = folderArg(args) ?? browserFolder(app, fileBrowser);
      if (path === null) {
        return;
      }
      const name = folderName(path, trans);
      try {
        const checkpoint = await client.create(path);
        onManual(path);
        const skipped = checkpoint.skipped;
        const recorded = trans._n(
          'Folder checkpoint of %2: %1 file recorded.',
          'Folder checkpoint of %2: %1 files recorded.',
          checkpoint.files,
          name
        );
        Notification.success(
          skipped.length
            ? recorded +
                ' ' +
                trans._n(
                  '%1 file skipped.',
                  '%1 files skipped.',
                  skipped.length
                )
            : recorded,
          {
            autoClose: skipped.length ? false : 5000,
            actions: skipped.length
              ? [
                  {
                    label: trans.__('Show skipped files'),
                    callback: () =>
                      void showDialog({
                        title: trans.__('Files not recorded'),
                        body: React.createElement(
                          'ul',
                          { className: 'jp-checkpoints-skippedList' },
                          skipped.map(s =>
                            React.createElement(
                              'li',
                              { key: s.path },
                              `${s.path}: ${s.reason}`
                            )
                          )
                        ),
                        buttons: [Dialog.okButton()]
                      })
                  }
                ]
              : []
          }
        );
      } catch (reason) {
        Notification.error(
          trans.__(
            'Cannot checkpoint %1: %2',
            name,
            reason instanceof Error ? reason.message : String(reason)
          ),
          { autoClose: false }
        );
      }
    }
  });

  /** Whether the targeted checkpoint, as the panel lists it, is pinned (menus show Pin or Unpin). */
  const pinned = (args: ReadonlyPartialJSONObject): boolean | null => {
    const t = folderTarget(app, model, args);
    const c = model?.checkpoints.find(c => t && c.id === t.id);
    return c ? c.pinned : null;
  };

  const withTarget = (
    action: (t: IFolderTarget) => Promise<void>,
    failure: string
  ) => onFolderTarget(app, model, failure, action);

  app.commands.addCommand(CommandIDs.folderPin, {
    label: trans.__('Pin…'),
    describedBy,
    isVisible: args => pinned(args) !== true,
    execute: withTarget(async t => {
      const c = await find(t);
      const label = await askName(
        trans,
        null,
        trans.__('Pin Folder Checkpoint'),
        c.label
      );
      if (label !== null) {
        await client.update(t.path, t.id, { pinned: true, label });
      }
    }, trans.__('Cannot pin the folder checkpoint'))
  });

  app.commands.addCommand(CommandIDs.folderUnpin, {
    label: trans.__('Unpin'),
    describedBy,
    isVisible: args => pinned(args) !== false,
    execute: withTarget(async t => {
      await client.update(t.path, t.id, { pinned: false });
    }, trans.__('Cannot unpin the folder checkpoint'))
  });

  app.commands.addCommand(CommandIDs.folderRename, {
    label: trans.__('Rename…'),
    describedBy,
    isVisible: args => pinned(args) !== false,
    execute: withTarget(async t => {
      const c = await find(t);
      const label = await askName(
        trans,
        null,
        trans.__('Rename Folder Checkpoint'),
        c.label
      );
      if (label !== null) {
        await client.update(t.path, t.id, { label });
      }
    }, trans.__('Cannot rename the folder checkpoint'))
  });

  app.commands.addCommand(CommandIDs.folderDelete, {
    label: trans.__('Delete…'),
    describedBy,
    execute: withTarget(async t => {
      const c = await find(t);
      const answer = await showDialog({
        title: trans.__('Delete Folder Checkpoint'),
        body: trans.__(
          'Delete the checkpoint "%1" of %2? The files of the folder stay as they are. This cannot be undone.',
          folderCheckpointTitle(c, trans),
          PathExt.basename(t.path) || trans.__('the root folder')
        ),
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: trans.__('Delete') })
        ]
      });
      if (answer.button.accept) {
        await client.remove(t.path, t.id);
      }
    }, trans.__('Cannot delete the folder checkpoint'))
  });
}
