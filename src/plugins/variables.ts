import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { VariablesClient } from '../client/variablesClient';
import { normalizePath } from '../paths';
import { addVariablesCommands } from '../commands/variablesCommands';
import {
  ICheckpoints,
  ICheckpointSelection,
  ICheckpointsChange
} from '../tokens';

const PLUGIN_ID = 'jupyterlab-checkpoints:variables';

/**
 * Opt-in: a checkpoint made by hand of a notebook running an IPython kernel also saves the kernel's
 * variables (server side: variables_handlers.py). It runs after the checkpoint exists, so it never
 * delays or fails the checkpoint; automatic checkpoints do not save variables (they follow every run
 * of cells, and a snapshot costs a pass over the whole namespace).
 */
const variables: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: "Saves the kernel's variables with notebook checkpoints.",
  autoStart: true,
  requires: [ICheckpoints, INotebookTracker, ISettingRegistry],
  optional: [ITranslator, ICheckpointSelection],
  activate: async (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    tracker: INotebookTracker,
    registry: ISettingRegistry,
    translator: ITranslator | null,
    selection: ICheckpointSelection | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const client = new VariablesClient({
      serverSettings: app.serviceManager.serverSettings
    });
    const settings = await registry.load(PLUGIN_ID);
    const enabled = () => settings.composite.saveVariables === true;

    addVariablesCommands({ app, client, tracker, selection, enabled, trans });

    const panelOf = (path: string): NotebookPanel | null =>
      tracker.find(p => normalizePath(p.context.path) === path) ?? null;

    const save = async (change: ICheckpointsChange) => {
      const kernel = panelOf(change.path)?.sessionContext.session?.kernel;
      if (!kernel || !change.checkpoint) {
        return;
      }
      const info = await kernel.info;
      if (info.implementation !== 'ipython') {
        return;
      }
      try {
        const listing = await client.snapshot(
          change.path,
          change.checkpoint.id,
          kernel.id
        );
        service.notifyChanged(change.path); // the panel shows which checkpoints hold variables
        if (listing.skipped.length) {
          Notification.info(
            trans.__(
              'Variables saved with the checkpoint; not saved: %1',
              listing.skipped.map(s => `${s.name} (${s.reason})`).join(', ')
            ),
            { autoClose: 8000 }
          );
        }
      } catch (error) {
        Notification.warning(
          trans.__(
            'The checkpoint was made, but not its variables: %1',
            (error as Error).message
          ),
          { autoClose: 8000 }
        );
      }
    };

    service.changed.connect((_, change) => {
      if (
        enabled() &&
        change.type === 'created' &&
        change.checkpoint?.kind === 'manual'
      ) {
        void save(change);
      }
    });
  }
};

export const variablesPlugins: JupyterFrontEndPlugin<unknown>[] = [variables];
