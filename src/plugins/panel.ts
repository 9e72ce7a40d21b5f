import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  createToolbarFactory,
  ICommandPalette,
  IToolbarWidgetRegistry,
  Notification,
  setToolbar
} from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CheckpointsClient } from '../client/checkpointsClient';
import { HistoryClient } from '../client/historyClient';
import { CommandIDs } from '../commandIds';
import { LINK_PARAMETER } from '../commands/actions';
import { addCleanupCommands } from '../commands/cleanupCommands';
import { CurrentDocument } from '../commands/currentDocument';
import { addDocumentCommands } from '../commands/documentCommands';
import { addItemCommands } from '../commands/itemCommands';
import { CheckpointsModel } from '../model/checkpointsModel';
import { SummariesModel } from '../model/summariesModel';
import { ICheckpoints, ICheckpointSelection } from '../tokens';
import { CheckpointsPanel } from '../views/CheckpointsPanel';
import { panelToolbarItems, TOOLBAR_FACTORY } from '../views/toolbar';
import { FRONTEND_VERSION } from '../version';

const PANEL_PLUGIN_ID = 'jupyterlab-checkpoints:panel';
/** Ctrl+S saves then creates a stock checkpoint: refresh a little after the file is written. */
const REFRESH_AFTER_SAVE_MS = 400;

/**
 * The checkpoint service, for the panel and for other extensions.
 */
const client: JupyterFrontEndPlugin<ICheckpoints> = {
  id: 'jupyterlab-checkpoints:client',
  description: 'Lists and creates the many checkpoints of a file.',
  autoStart: true,
  provides: ICheckpoints,
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): ICheckpoints => {
    const service = new CheckpointsClient({
      serverSettings: app.serviceManager.serverSettings
    });
    // After `pip install -U` without a server restart, the browser gets the new frontend while the
    // server still runs the old Python code: say so instead of failing in odd ways.
    void service.serverInfo.then(info => {
      if (info && info.version !== FRONTEND_VERSION) {
        const trans = (translator ?? nullTranslator).load(
          'jupyterlab_checkpoints'
        );
        Notification.warning(
          trans.__(
            'Checkpoints: the server runs version %1 and this page version %2. Restart the Jupyter server, then reload the page.',
            info.version,
            FRONTEND_VERSION
          ),
          { autoClose: false }
        );
      }
    });
    return service;
  }
};

/**
 * The Checkpoints side panel and the checkpoint commands. Provides the panel's document and
 * selection to the commands of other plugins.
 */
const panel: JupyterFrontEndPlugin<ICheckpointSelection> = {
  id: PANEL_PLUGIN_ID,
  description:
    'The Checkpoints side panel, Ctrl/Cmd+K and the checkpoint commands.',
  autoStart: true,
  provides: ICheckpointSelection,
  requires: [ICheckpoints, IDocumentManager],
  optional: [
    ITranslator,
    ICommandPalette,
    ILayoutRestorer,
    IDefaultFileBrowser,
    ISettingRegistry,
    IToolbarWidgetRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    docManager: IDocumentManager,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    fileBrowser: IDefaultFileBrowser | null,
    settingRegistry: ISettingRegistry | null,
    toolbarRegistry: IToolbarWidgetRegistry | null
  ): ICheckpointSelection => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    // Read before the router rewrites the URL.
    const linkedId = new URLSearchParams(window.location.search).get(
      LINK_PARAMETER
    );

    const model = new CheckpointsModel(service);
    const history = new HistoryClient({
      serverSettings: app.serviceManager.serverSettings
    });
    const view = new CheckpointsPanel({
      model,
      commands: app.commands,
      trans,
      summaries: new SummariesModel(history, model),
      search: (path, query) => history.search(path, query)
    });
    const items = panelToolbarItems(model, app.commands, trans);
    if (toolbarRegistry && settingRegistry) {
      for (const item of items) {
        toolbarRegistry.addFactory(TOOLBAR_FACTORY, item.name, item.create);
      }
      setToolbar(
        view,
        createToolbarFactory(
          toolbarRegistry,
          settingRegistry,
          TOOLBAR_FACTORY,
          PANEL_PLUGIN_ID,
          translator ?? nullTranslator
        )
      );
    } else {
      for (const item of items) {
        view.toolbar.addItem(item.name, item.create());
      }
    }
    app.shell.add(view, 'left', { rank: 600, type: 'Checkpoints' });
    restorer?.add(view, 'jupyterlab-checkpoints');

    // The panel follows the document the user works on, and refreshes after it is saved.
    const current = new CurrentDocument(app.shell, docManager);
    let followed: DocumentRegistry.Context | null = null;
    let saveTimer = 0;
    // One debounced refresh for a save and the file change it causes (revert, reload from disk too).
    const refreshSoon = () => {
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(
        () => void model.refresh(),
        REFRESH_AFTER_SAVE_MS
      );
    };
    const onSaved = (_: unknown, state: DocumentRegistry.SaveState) => {
      if (state === 'completed') {
        refreshSoon();
      }
    };
    const onPathChanged = (context: DocumentRegistry.Context) =>
      model.setPath(context.path);
    const follow = (context: DocumentRegistry.Context | null) => {
      followed?.saveState.disconnect(onSaved);
      followed?.fileChanged.disconnect(refreshSoon);
      followed?.pathChanged.disconnect(onPathChanged);
      followed = context;
      followed?.saveState.connect(onSaved);
      followed?.fileChanged.connect(refreshSoon);
      followed?.pathChanged.connect(onPathChanged);
      model.setPath(context?.path ?? null);
      app.commands.notifyCommandChanged();
    };
    current.changed.connect((_, context) => follow(context));
    void app.restored.then(() => {
      current.refresh();
      follow(current.context);
      if (linkedId) {
        model.selectedId = linkedId;
        app.shell.activateById(view.id);
      }
    });

    const options = {
      app,
      service,
      model,
      panel: view,
      docManager,
      trans,
      current,
      fileBrowser
    };
    addDocumentCommands(options);
    addItemCommands(options);
    addCleanupCommands({
      ...options,
      settingRegistry,
      pluginId: PANEL_PLUGIN_ID
    });

    if (palette) {
      const category = trans.__('Checkpoints');
      for (const command of [
        CommandIDs.create,
        CommandIDs.createNamed,
        CommandIDs.openPanel,
        CommandIDs.restoreLatest,
        CommandIDs.deleteUnpinned,
        CommandIDs.cleanUp
      ]) {
        palette.addItem({ command, category });
      }
    }
    return model;
  }
};

export const panelPlugins: JupyterFrontEndPlugin<unknown>[] = [client, panel];
