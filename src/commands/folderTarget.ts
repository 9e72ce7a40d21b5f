import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { FolderCheckpointsModel } from '../model/folderCheckpointsModel';
import { normalizePath } from '../paths';
import { reportError } from './dialogs';

/** A folder checkpoint a command acts on. */
export interface IFolderTarget {
  path: string;
  id: string;
}

/** The folder's path argument: "" is the root folder, a real path, unlike a missing one. */
export function folderArg(args: ReadonlyPartialJSONObject): string | null {
  return typeof args.path === 'string' ? normalizePath(args.path) : null;
}

/**
 * The folder of "Checkpoint Folder" without a `path`: the folder under the file browser's context
 * menu (a right-click selects the item), else the file browser's current folder.
 */
export function browserFolder(
  app: JupyterFrontEnd,
  fileBrowser: IDefaultFileBrowser | null
): string | null {
  if (!fileBrowser) {
    return null;
  }
  const onItem = app.contextMenuHitTest(n =>
    n.classList.contains('jp-DirListing-item')
  );
  if (onItem?.dataset.isdir === 'true') {
    for (const item of fileBrowser.selectedItems()) {
      if (item.type === 'directory') {
        return normalizePath(item.path);
      }
    }
  }
  return normalizePath(fileBrowser.model.path);
}

/** `{ path, id }` from the args, else the panel item under the context menu or the selected one. */
export function folderTarget(
  app: JupyterFrontEnd,
  model: FolderCheckpointsModel | null,
  args: ReadonlyPartialJSONObject
): IFolderTarget | null {
  const id = typeof args.id === 'string' && args.id ? args.id : null;
  const path = folderArg(args);
  if (id && path !== null) {
    return { path, id };
  }
  const node = app.contextMenuHitTest(n => !!n.dataset.folderCheckpointId);
  if (node?.dataset.folderCheckpointId && node.dataset.path !== undefined) {
    return { path: node.dataset.path, id: node.dataset.folderCheckpointId };
  }
  if (model?.path !== null && model?.path !== undefined && model.selectedId) {
    return { path: model.path, id: model.selectedId };
  }
  return null;
}

/** The argument schema of commands acting on one folder checkpoint, plus `extra`. */
export function folderArgs(
  trans: TranslationBundle,
  extra: { [name: string]: { type: string; description: string } } = {}
) {
  return {
    args: {
      type: 'object',
      properties: {
        path: {
          type: 'string',
          description: trans.__('Path of the folder ("" is the root folder)')
        },
        id: {
          type: 'string',
          description: trans.__(
            'Id of the folder checkpoint; by default the one selected in the panel'
          )
        },
        ...extra
      }
    }
  };
}

/**
 * A command's `execute` acting on one folder checkpoint: the target comes from the args, the
 * context menu or the panel's selection (without one the command does nothing), and a failure is
 * shown to the user under `failure` instead of rejecting the command.
 */
export function onFolderTarget<T>(
  app: JupyterFrontEnd,
  model: FolderCheckpointsModel | null,
  failure: string,
  action: (t: IFolderTarget, args: ReadonlyPartialJSONObject) => Promise<T>
): (args: ReadonlyPartialJSONObject) => Promise<T | undefined> {
  return async args => {
    const t = folderTarget(app, model, args);
    if (!t) {
      return undefined;
    }
    try {
      return await action(t, args);
    } catch (reason) {
      reportError(failure)(reason);
      return undefined;
    }
  };
}
