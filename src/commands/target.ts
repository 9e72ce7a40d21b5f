import { JupyterFrontEnd } from '@jupyterlab/application';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  ReadonlyJSONObject,
  ReadonlyPartialJSONObject
} from '@lumino/coreutils';
import { ICheckpointSelection } from '../tokens';

/** The checkpoint a command acts on. */
export interface ICommandTarget {
  path: string;
  id: string;
}

/** A string argument of a command, or undefined when absent or empty. */
export function stringArg(
  args: ReadonlyPartialJSONObject,
  name: string
): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** The panel item the context menu was opened on, if it was opened on one. */
export function clickedItem(app: JupyterFrontEnd): ICommandTarget | null {
  const node = app.contextMenuHitTest(n => !!n.dataset.checkpointId);
  const { checkpointId: id, path } = node?.dataset ?? {};
  return id && path ? { path, id } : null;
}

/**
 * The checkpoint a command acts on: `{ path?, id }` in its args (the path defaults to the panel's
 * document), else the panel item under the context menu, else the one selected in the panel.
 */
export function commandTarget(
  app: JupyterFrontEnd,
  selection: ICheckpointSelection | null,
  args: ReadonlyPartialJSONObject
): ICommandTarget | null {
  let id = stringArg(args, 'id');
  let path = stringArg(args, 'path');
  if (!id) {
    const clicked = clickedItem(app);
    id = clicked?.id ?? selection?.selected?.id;
    path = path ?? clicked?.path;
  }
  path = path ?? selection?.path ?? undefined;
  return id && path ? { path, id } : null;
}

/**
 * The argument schema of commands acting on one checkpoint (see `commandTarget`), with `extra`
 * arguments of their own.
 */
export function checkpointArgs(
  trans: TranslationBundle,
  extra: { [name: string]: ReadonlyJSONObject } = {}
): { args: ReadonlyJSONObject } {
  return {
    args: {
      type: 'object',
      properties: {
        path: {
          type: 'string',
          description: trans.__(
            "Path of the file; by default the Checkpoints panel's document"
          )
        },
        id: {
          type: 'string',
          description: trans.__(
            'Id of the checkpoint; by default the one under the context menu, else the one selected in the panel'
          )
        },
        ...extra
      }
    }
  };
}

/** The argument schema of commands that take none. */
export const NO_ARGS = { args: { type: 'object', properties: {} } };
