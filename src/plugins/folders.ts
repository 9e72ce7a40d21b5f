import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { ISignal } from '@lumino/signaling';
import { FoldersClient } from '../client/foldersClient';
import { CommandIDs } from '../commandIds';
import { addFolderCommands } from '../commands/folderCommands';
import { addFolderFileCommands } from '../commands/folderFileCommands';
import { addFolderPreviewCommands } from '../commands/folderPreviewCommands';
import { FolderCheckpointsModel } from '../model/folderCheckpointsModel';
import { FolderSubject } from '../model/folderSubject';
import { ICheckpointSelection } from '../tokens';
import { FolderSchedule } from '../triggers/folderSchedule';
import { CheckpointsPanel } from '../views/CheckpointsPanel';
import { FolderList } from '../views/folders/FolderList';
import { ModeSwitch } from '../views/folders/ModeSwitch';

const FOLDERS_PLUGIN_ID = 'jupyterlab-checkpoints:folders';

/** Whether this is a Notebook 7 page holding one document (its notebook or editor page). */
function documentPage(): boolean {
  return ['notebooks', 'edit'].includes(PageConfig.getOption('notebookPage'));
}

/**
 * Folder checkpoints: "Checkpoint Folder" in the file browser and the palette, the panel's
 * File/Folder switch, the folder preview, and the optional schedule.
 */
const folders: JupyterFrontEndPlugin<void> = {
  id: FOLDERS_PLUGIN_ID,
  description:
    'Checkpoints of whole folders: create, list, preview, restore, extract, download.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  // The panel's selection is asked for so that the panel exists before the switch joins it.
  optional: [
    ITranslator,
    IDefaultFileBrowser,
    ICommandPalette,
    ISettingRegistry,
    ICheckpointSelection,
    IDocumentManager
  ],
  activate: (
    app: JupyterFrontEnd,
    rendermime: IRenderMimeRegistry,
    translator: ITranslator | null,
    fileBrowser: IDefaultFileBrowser | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    _selection: ICheckpointSelection | null,
    docManager: IDocumentManager | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const client = new FoldersClient({
      serverSettings: app.serviceManager.serverSettings
    });
    const schedule = new FolderSchedule(path =>
      client.create(path, { kind: 'automatic' })
    );

    // The panel lists folders where a file browser says which folder is current, or where the page
    // holds one document (Notebook 7's notebook page): its folder.
    const panel = Array.from(app.shell.widgets('left')).find(
      (w): w is CheckpointsPanel => w instanceof CheckpointsPanel
    );
    let model: FolderCheckpointsModel | null = null;
    const source = documentPage() && docManager ? 'document' : 'browser';
    const subject = new FolderSubject(
      'file',
      fileBrowser?.model.path ?? '',
      source
    );
    if (panel && (fileBrowser || source === 'document')) {
      const folderModel = new FolderCheckpointsModel(client);
      model = folderModel;
      panel.addFolderMode(
        new ModeSwitch(subject, trans),
        new FolderList({ model: folderModel, commands: app.commands, trans })
      );
      subject.changed.connect((_, folder) => {
        panel.setFolderMode(subject.mode === 'folder');
        folderModel.setPath(folder);
      });
      fileBrowser?.model.pathChanged.connect((_, change) =>
        subject.setBrowserPath(change.newValue ?? '')
      );
      if (source === 'document' && docManager) {
        const follow = () => {
          const widget = app.shell.currentWidget;
          const context = widget ? docManager.contextForWidget(widget) : null;
          if (context) {
            subject.setDocumentPath(context.path);
          }
        };
        // Notebook 7's shell says when its one document appears.
        (
          app.shell as { currentChanged?: ISignal<unknown, unknown> }
        ).currentChanged?.connect(follow);
        void app.restored.then(follow);
      }
    }
    app.commands.addCommand(CommandIDs.panelMode, {
      label: args =>
        args.mode === 'folder'
          ? trans.__('Show Folder Checkpoints')
          : trans.__('Show File Checkpoints'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            mode: { type: 'string', enum: ['file', 'folder'] }
          }
        }
      },
      isEnabled: () => !!model,
      isToggled: args => subject.mode === args.mode,
      execute: args => {
        subject.setMode(args.mode === 'folder' ? 'folder' : 'file');
        if (panel) {
          app.shell.activateById(panel.id);
        }
      }
    });

    const options = {
      app,
      client,
      model,
      fileBrowser,
      docManager,
      rendermime,
      trans
    };
    addFolderCommands({
      ...options,
      onManual: path => schedule.setFolder(path)
    });
    addFolderPreviewCommands(options);
    addFolderFileCommands(options);

    if (settingRegistry) {
      void settingRegistry
        .load(FOLDERS_PLUGIN_ID)
        .then(settings => {
          const read = () =>
            schedule.setMinutes(
              settings.get('folderCheckpointInterval').composite as number
            );
          read();
          settings.changed.connect(read);
        })
        .catch(reason =>
          console.warn('Folder checkpoint settings not loaded', reason)
        );
    }
    if (palette) {
      const category = trans.__('Checkpoints');
      palette.addItem({ command: CommandIDs.createFolder, category });
      if (model) {
        for (const mode of ['file', 'folder']) {
          palette.addItem({
            command: CommandIDs.panelMode,
            args: { mode },
            category
          });
        }
      }
    }
  }
};

export const folderPlugins: JupyterFrontEndPlugin<unknown>[] = [folders];
