import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  Notification,
  showDialog,
  ToolbarButton
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { downloadIcon, folderIcon, undoIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import {
  FoldersClient,
  IExtractResult,
  IFolderChange
} from '../client/foldersClient';
import { CheckpointsError } from '../client/request';
import { CommandIDs } from '../commandIds';
import { FolderCheckpointsModel } from '../model/folderCheckpointsModel';
import { folderCheckpointTitle } from '../views/folders/FolderList';
import { FolderPreview } from '../views/folders/FolderPreview';
import { RestoreFolderBody } from '../views/folders/RestoreFolderBody';
import { normalizePath } from '../paths';
import { notifyExtracted } from './extractReport';
import { folderName } from './folderCommands';
import { extractTarget, numberedTarget } from './folderName';
import { folderArgs, IFolderTarget, onFolderTarget } from './folderTarget';
import { addFolderView, findFolderCheckpoint } from './folderViews';
import { openContextsUnder, reloadFromDisk, saveDirty } from './openContexts';

/** Names tried for "Open as New Folder" before giving up: `name`, `name (2)`... */
const MAX_NAME_TRIES = 20;

export interface IFolderPreviewOptions {
  app: JupyterFrontEnd;
  client: FoldersClient;
  model: FolderCheckpointsModel | null;
  fileBrowser: IDefaultFileBrowser | null;
  /** Finds the open views of restored files; null where the page has no documents. */
  docManager: IDocumentManager | null;
  trans: TranslationBundle;
}

/**
 * A folder checkpoint's preview and everything done from it: open or compare one recorded file,
 * restore one file or the whole folder, extract it as a new folder, download it as a zip.
 */
export function addFolderPreviewCommands(options: IFolderPreviewOptions): void {
  const { app, client, model, fileBrowser, docManager, trans } = options;
  const describedBy = folderArgs(trans);
  const find = (t: IFolderTarget) => findFolderCheckpoint(client, t, trans);

  const addView = (content: Widget, label: string, caption: string) =>
    addFolderView(app, trans, content, label, caption);

  app.commands.addCommand(CommandIDs.folderPreview, {
    label: trans.__('Preview'),
    caption: trans.__("Open the folder checkpoint's files, compared with now"),
    describedBy,
    execute: onFolderTarget(
      app,
      model,
      trans.__('Cannot preview the folder checkpoint'),
      async t => {
        const detail = await client.get(t.path, t.id);
        const run = (command: string, extra = {}) =>
          void app.commands.execute(command, { ...t, ...extra });
        const view = new FolderPreview({
          detail,
          path: t.path,
          trans,
          onOpen: file => run(CommandIDs.folderOpenFile, { file }),
          onCompare: file => run(CommandIDs.folderCompareFile, { file }),
          onRestore: file => run(CommandIDs.folderRestoreFile, { file })
        });
        const name = PathExt.basename(t.path) || trans.__('root folder');
        const { widget, shown } = addView(
          view,
          trans.__('%1 @ %2', name, folderCheckpointTitle(detail, trans)),
          trans.__(
            'Checkpoint of the folder %1 made %2 (read-only)',
            '/' + t.path,
            new Date(detail.created).toLocaleString()
          )
        );
        widget.node.dataset.path = t.path;
        widget.node.dataset.checkpointId = t.id;
        // The statuses follow the folder: a restore, from here or elsewhere, shows at once.
        const onChanged = (_: unknown, change: IFolderChange) => {
          if (change.path === t.path && change.type === 'restored') {
            client
              .get(t.path, t.id)
              .then(d => view.setDetail(d))
              .catch(() => undefined);
          }
        };
        client.changed.connect(onChanged);
        widget.disposed.connect(() => client.changed.disconnect(onChanged));
        // Whole-folder actions close a dialog-hosted preview first: they may ask in a dialog.
        const whole = (command: string) => () => {
          shown.close();
          run(command);
        };
        const buttons: [string, ToolbarButton][] = [
          [
            'restore-folder',
            new ToolbarButton({
              icon: undoIcon,
              label: trans.__('Restore Folder'),
              tooltip: trans.__(
                'Restore every file of the folder; the current state is kept first'
              ),
              onClick: whole(CommandIDs.folderRestore)
            })
          ],
          [
            'open-as-new-folder',
            new ToolbarButton({
              icon: folderIcon,
              label: trans.__('Open as New Folder'),
              tooltip: trans.__(
                'Write the recorded files into a new folder beside this one'
              ),
              onClick: whole(CommandIDs.folderOpenAsNew)
            })
          ],
          [
            'download-zip',
            new ToolbarButton({
              icon: downloadIcon,
              label: trans.__('Download as .zip'),
              onClick: () => run(CommandIDs.folderDownload)
            })
          ]
        ];
        for (const [name, button] of buttons) {
          widget.toolbar.addItem(name, button);
        }
        return widget.id;
      }
    )
  });

  app.commands.addCommand(CommandIDs.folderRestore, {
    label: trans.__('Restore Folder…'),
    describedBy,
    execute: onFolderTarget(
      app,
      model,
      trans.__('Cannot restore the folder'),
      async t => {
        const detail = await client.get(t.path, t.id);
        const added = detail.entries
          .filter(e => e.status === 'added')
          .map(e => e.path);
        const answer = await showDialog({
          title: trans.__('Restore Folder'),
          body: new RestoreFolderBody({
            folder: '/' + t.path,
            when: new Date(detail.created).toLocaleString(),
            added,
            trans
          }),
          buttons: [
            Dialog.cancelButton(),
            Dialog.warnButton({ label: trans.__('Restore Folder') })
          ]
        });
        if (!answer.button.accept) {
          return;
        }
        // Unsaved edits go to disk first, so the folder's before-restore checkpoint keeps them.
        const open = docManager
          ? openContextsUnder(docManager, t.path, app.shell)
          : [];
        await saveDirty(open, app.serviceManager.contents);
        const result = await client.restore(t.path, t.id, {
          trashAdded: answer.value === true
        });
        const restored = new Set(
          result.restored.map(f => normalizePath(t.path ? `${t.path}/${f}` : f))
        );
        await reloadFromDisk(
          open.filter(c => restored.has(normalizePath(c.path)))
        );
        const parts = [
          trans._n(
            '%1 file restored',
            '%1 files restored',
            result.restored.length
          )
        ];
        if (result.trashed.length) {
          parts.push(trans.__('%1 moved to the trash', result.trashed.length));
        }
        if (result.added.length) {
          parts.push(
            trans.__('%1 created since left in place', result.added.length)
          );
        }
        Notification.success(
          trans.__(
            '%1: %2. The state before is kept as a folder checkpoint.',
            folderName(t.path, trans),
            parts.join(', ')
          ),
          { autoClose: 8000 }
        );
      }
    )
  });

  app.commands.addCommand(CommandIDs.folderOpenAsNew, {
    label: trans.__('Open as New Folder'),
    describedBy,
    execute: onFolderTarget(
      app,
      model,
      trans.__('Cannot open the checkpoint as a new folder'),
      async t => {
        const checkpoint = await find(t);
        const base = extractTarget(t.path, checkpoint.created);
        let created: IExtractResult | null = null;
        // Two extracts in the same minute get the same name: number the later one.
        for (let n = 1; n <= MAX_NAME_TRIES && created === null; n++) {
          try {
            created = await client.extract(
              t.path,
              t.id,
              numberedTarget(base, n)
            );
          } catch (error) {
            if (!(error instanceof CheckpointsError && error.status === 409)) {
              throw error;
            }
          }
        }
        if (created === null) {
          throw new Error(
            trans.__('%1 and its numbered variants exist.', base)
          );
        }
        if (fileBrowser) {
          await fileBrowser.model.cd('/' + created.path);
          app.shell.activateById(fileBrowser.id);
        }
        notifyExtracted(created.path, created.skipped, trans);
        return created.path;
      }
    )
  });

  app.commands.addCommand(CommandIDs.folderDownload, {
    label: trans.__('Download as .zip'),
    describedBy,
    execute: onFolderTarget(
      app,
      model,
      trans.__('Cannot download the folder checkpoint'),
      async t => {
        const { blob, name } = await client.zip(t.path, t.id);
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        // The browser has read the URL by the next task; release the blob's memory.
        window.setTimeout(() => URL.revokeObjectURL(url), 1000);
      }
    )
  });
}
