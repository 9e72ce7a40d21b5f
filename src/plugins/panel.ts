import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { CheckpointsClient } from '../client/checkpointsClient';
import { LINK_PARAMETER } from '../commands/actions';
import { registerCommands } from '../commands/registerCommands';
import { CommandIDs } from '../commandIds';
import { DOCUMENT_VIEW_CLASS } from '../views/documentView';
import { checkpointsIcon } from '../icons';
import { CheckpointsModel } from '../model/checkpointsModel';
import { ICheckpoints } from '../tokens';
import { CheckpointsPanel } from '../views/CheckpointsPanel';
import { FRONTEND_VERSION } from '../version';

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
 * The Checkpoints side panel and the checkpoint commands.
 */
const panel: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:panel',
  description:
    'The Checkpoints side panel, Ctrl/Cmd+K and the checkpoint commands.',
  autoStart: true,
  requires: [ICheckpoints, IDocumentManager],
  optional: [
    ITranslator,
    ICommandPalette,
    ILayoutRestorer,
    IDefaultFileBrowser
  ],
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    docManager: IDocumentManager,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    fileBrowser: IDefaultFileBrowser | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    // Read before the router rewrites the URL.
    const linkedId = new URLSearchParams(window.location.search).get(
      LINK_PARAMETER
    );

    const model = new CheckpointsModel(service);
    const view = new CheckpointsPanel({ model, commands: app.commands, trans });
    view.title.icon = checkpointsIcon;
    view.title.caption = trans.__('Checkpoints');
    view.node.setAttribute('role', 'region');
    view.node.setAttribute('aria-label', trans.__('Checkpoints panel'));
    app.shell.add(view, 'left', { rank: 600, type: 'Checkpoints' });
    restorer?.add(view, 'jupyterlab-checkpoints');

    let current: DocumentRegistry.Context | null = null;
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
    const follow = (widget: Widget | null) => {
      const context = widget
        ? (docManager.contextForWidget(widget) ?? null)
        : null;
      // A preview or comparison of the followed document keeps the panel on that document.
      if (
        !context &&
        widget?.hasClass(DOCUMENT_VIEW_CLASS) &&
        widget.node.dataset.path === current?.path
      ) {
        return;
      }
      if (context === current) {
        return;
      }
      current?.saveState.disconnect(onSaved);
      current?.fileChanged.disconnect(refreshSoon);
      current?.pathChanged.disconnect(onPathChanged);
      current = context;
      current?.saveState.connect(onSaved);
      current?.fileChanged.connect(refreshSoon);
      current?.pathChanged.connect(onPathChanged);
      current?.disposed.connect(() => {
        if (current === context) {
          follow(app.shell.currentWidget);
        }
      });
      model.setPath(context?.path ?? null);
      app.commands.notifyCommandChanged();
    };
    // Not every shell (e.g. Notebook 7's tree page) announces focus changes.
    app.shell.currentChanged?.connect((_, args) => follow(args.newValue));
    void app.restored.then(() => {
      follow(app.shell.currentWidget);
      if (linkedId) {
        model.selectedId = linkedId;
        app.shell.activateById(view.id);
      }
    });

    registerCommands({
      app,
      service,
      model,
      panel: view,
      docManager,
      trans,
      currentContext: () => current,
      fileBrowser
    });

    if (palette) {
      const category = trans.__('Checkpoints');
      for (const command of [
        CommandIDs.create,
        CommandIDs.createNamed,
        CommandIDs.openPanel,
        CommandIDs.restoreLatest,
        CommandIDs.deleteUnpinned
      ]) {
        palette.addItem({ command, category });
      }
    }
  }
};

export const panelPlugins: JupyterFrontEndPlugin<any>[] = [client, panel];
