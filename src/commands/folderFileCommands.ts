import { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import {
  FoldersClient,
  IFolderCheckpoint,
  IRecordedFile
} from '../client/foldersClient';
import { CommandIDs } from '../commandIds';
import { diffNotebooks, ICellLike } from '../compare/cellDiff';
import { FolderCheckpointsModel } from '../model/folderCheckpointsModel';
import { PreviewView } from '../preview/PreviewView';
import { CompareView } from '../views/compare/CompareView';
import { folderCheckpointTitle } from '../views/folders/FolderList';
import { folderArgs, IFolderTarget, onFolderTarget } from './folderTarget';
import { addFolderView, findFolderCheckpoint } from './folderViews';
import { openContexts, reloadFromDisk, saveDirty } from './openContexts';

export interface IFolderFileOptions {
  app: JupyterFrontEnd;
  client: FoldersClient;
  model: FolderCheckpointsModel | null;
  /** Finds the open views of a restored file; null where the page has no documents. */
  docManager: IDocumentManager | null;
  rendermime: IRenderMimeRegistry;
  trans: TranslationBundle;
}

/** A recorded file as a notebook (parsed) or a text, the way the file preview shows it. */
function asPreviewContent(
  file: string,
  recorded: IRecordedFile,
  checkpoint: IFolderCheckpoint
) {
  const notebook = file.endsWith('.ipynb') && recorded.format === 'text';
  let content: any = recorded.content;
  if (notebook) {
    try {
      content = JSON.parse(recorded.content);
    } catch {
      content = { cells: [] };
    }
  }
  return {
    path: file,
    name: PathExt.basename(file),
    type: notebook ? ('notebook' as const) : ('file' as const),
    format: notebook ? ('json' as const) : recorded.format,
    mimetype: null,
    content,
    checkpoint: {
      id: checkpoint.id,
      lastModified: checkpoint.created,
      label: checkpoint.label,
      kind: 'manual' as const,
      pinned: checkpoint.pinned,
      size: null
    }
  };
}

/**
 * One recorded file of a folder checkpoint: open it read-only, compare it with the file now,
 * restore it alone (the file restore rules: its current content is kept as its own checkpoint).
 */
export function addFolderFileCommands(options: IFolderFileOptions): void {
  const { app, client, model, docManager, rendermime, trans } = options;
  const fileArgs = folderArgs(trans, {
    file: {
      type: 'string',
      description: trans.__('Path of the file, relative to the folder')
    }
  });
  /** `execute` of a command on one recorded file: `file` is required in the args. */
  const onFile = <T>(
    failure: string,
    action: (t: IFolderTarget, file: string) => Promise<T>
  ) =>
    onFolderTarget(app, model, failure, async (t, args) =>
      typeof args.file === 'string' && args.file
        ? action(t, args.file)
        : undefined
    );
  const joined = (folder: string, file: string) =>
    folder ? `${folder}/${file}` : file;

  const find = (t: IFolderTarget) => findFolderCheckpoint(client, t, trans);

  const addView = (content: Widget, label: string, caption: string) =>
    addFolderView(app, trans, content, label, caption);

  app.commands.addCommand(CommandIDs.folderOpenFile, {
    label: trans.__('Open as Recorded'),
    describedBy: fileArgs,
    execute: onFile(
      trans.__('Cannot open the recorded file'),
      async (t, file) => {
        const [checkpoint, recorded] = await Promise.all([
          find(t),
          client.file(t.path, t.id, file)
        ]);
        const content = asPreviewContent(file, recorded, checkpoint);
        const { widget } = addView(
          new PreviewView(content, rendermime, trans),
          trans.__(
            '%1 @ %2',
            PathExt.basename(file),
            folderCheckpointTitle(checkpoint, trans)
          ),
          trans.__(
            '%1 as recorded in a folder checkpoint (read-only)',
            joined(t.path, file)
          )
        );
        return widget.id;
      }
    )
  });

  app.commands.addCommand(CommandIDs.folderCompareFile, {
    label: trans.__('Compare with Now'),
    describedBy: fileArgs,
    execute: onFile(trans.__('Cannot compare'), async (t, file) => {
      const path = joined(t.path, file);
      const [checkpoint, recorded, now] = await Promise.all([
        find(t),
        client.file(t.path, t.id, file),
        // A script a notebook format (Jupytext) opens as a notebook is compared as the text it is.
        app.serviceManager.contents.get(
          path,
          PathExt.extname(file) === '.ipynb'
            ? { content: true }
            : { content: true, type: 'file' }
        )
      ]);
      if (recorded.format !== 'text' || now.format === 'base64') {
        throw new Error(trans.__('Binary files cannot be compared.'));
      }
      // A text file compares as one cell: the same line-by-line view as a notebook's cells.
      const cellsOf = (text: unknown, notebook: boolean): ICellLike[] =>
        notebook
          ? ((typeof text === 'string' ? JSON.parse(text) : text)?.cells ?? [])
          : [{ cell_type: 'raw', source: String(text) }];
      const notebook = now.type === 'notebook';
      const view = new CompareView({
        diffs: diffNotebooks(
          cellsOf(recorded.content, notebook),
          cellsOf(now.content, notebook)
        ),
        baseTitle: folderCheckpointTitle(checkpoint, trans),
        targetTitle: trans.__('current %1', PathExt.basename(file)),
        trans,
        kind: notebook ? 'notebook' : 'text'
      });
      const { widget } = addView(
        view,
        trans.__('Compare %1', PathExt.basename(file)),
        trans.__('%1: folder checkpoint → now', path)
      );
      return widget.id;
    })
  });

  app.commands.addCommand(CommandIDs.folderRestoreFile, {
    label: trans.__('Restore This File'),
    describedBy: fileArgs,
    execute: onFile(trans.__('Cannot restore the file'), async (t, file) => {
      // Unsaved edits are saved first, so the server keeps them as the file's own checkpoint; every
      // open view then shows the restored file (see openContexts.ts).
      const contexts = docManager
        ? openContexts(docManager, joined(t.path, file), app.shell)
        : [];
      await saveDirty(contexts, app.serviceManager.contents);
      const result = await client.restore(t.path, t.id, { file });
      await reloadFromDisk(contexts);
      const done = trans.__(
        '%1 restored; its previous content is kept as its own checkpoint.',
        joined(t.path, file)
      );
      if (result.warning) {
        Notification.warning(`${done} ${result.warning}`, {
          autoClose: false
        });
      } else {
        Notification.success(done, { autoClose: 5000 });
      }
    })
  });
}
