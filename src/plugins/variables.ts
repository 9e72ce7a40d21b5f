import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CheckpointsError } from '../client/request';
import { VariablesClient } from '../client/variablesClient';
import { normalizePath } from '../paths';
import { addVariablesCommands } from '../commands/variablesCommands';
import {
  ICheckpointPreviewSections,
  ICheckpoints,
  ICheckpointSelection,
  ICheckpointsChange
} from '../tokens';
import { autoSnapshotDue } from '../variables/schedule';
import { variablesSection } from '../views/variables/variablesTable';

const PLUGIN_ID = 'jupyterlab-checkpoints:variables';
const AUTOMATIC = new Set(['auto', 'failure']);

/**
 * Opt-in: a checkpoint of a notebook running an IPython kernel also saves the kernel's variables
 * (server side: handlers/variables.py). A checkpoint made by hand always does; an automatic one at
 * most every `variablesEveryMinutes` per notebook and only with an idle kernel, since it follows
 * every run of cells and a snapshot costs a pass over the whole namespace. It runs after the
 * checkpoint exists and nobody waits for it: it never delays or fails the checkpoint or the save.
 */
const variables: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: "Saves the kernel's variables with notebook checkpoints.",
  autoStart: true,
  requires: [ICheckpoints, INotebookTracker, ISettingRegistry],
  optional: [ITranslator, ICheckpointSelection, ICheckpointPreviewSections],
  activate: async (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    tracker: INotebookTracker,
    registry: ISettingRegistry,
    translator: ITranslator | null,
    selection: ICheckpointSelection | null,
    sections: ICheckpointPreviewSections | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const client = new VariablesClient({
      serverSettings: app.serviceManager.serverSettings
    });
    const settings = await registry.load(PLUGIN_ID);
    const enabled = () => settings.composite.saveVariables === true;
    const everyMinutes = () =>
      Number(settings.composite.variablesEveryMinutes ?? 10);

    addVariablesCommands({ app, client, tracker, selection, trans });

    // The preview of a checkpoint holding variables lists them.
    sections?.add(async (path, checkpoint) => {
      if (!checkpoint.variables) {
        return null;
      }
      const listing = await client.list(path, checkpoint.id);
      return listing ? variablesSection(listing, trans) : null;
    });

    const panelOf = (path: string): NotebookPanel | null =>
      tracker.find(p => normalizePath(p.context.path) === path) ?? null;

    /** When each notebook's variables were last saved (ms), as this page knows it. */
    const lastSnapshot = new Map<string, number>();
    const lastOf = async (path: string): Promise<number | null> => {
      if (!lastSnapshot.has(path)) {
        // A page opened anew learns it from the newest checkpoint holding variables.
        const held = (await service.list(path)).filter(c => c.variables);
        const newest = held[held.length - 1];
        lastSnapshot.set(path, newest ? Date.parse(newest.lastModified) : 0);
      }
      return lastSnapshot.get(path) || null;
    };

    const save = async (change: ICheckpointsChange, automatic: boolean) => {
      const kernel = panelOf(change.path)?.sessionContext.session?.kernel;
      if (!kernel || !change.checkpoint) {
        return;
      }
      if (
        automatic &&
        !autoSnapshotDue({
          everyMinutes: everyMinutes(),
          last: await lastOf(change.path),
          now: Date.now(),
          kernelStatus: kernel.status
        })
      ) {
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
        lastSnapshot.set(change.path, Date.now());
        service.notifyChanged(change.path); // the panel shows which checkpoints hold variables
        if (listing.skipped.length && !automatic) {
          Notification.info(
            trans.__(
              'Variables saved with the checkpoint; not saved: %1',
              listing.skipped.map(s => `${s.name} (${s.reason})`).join(', ')
            ),
            { autoClose: 8000 }
          );
        }
      } catch (error) {
        if (automatic) {
          // A kernel that started a cell meanwhile (409) is a skip: the next automatic one tries again.
          if ((error as CheckpointsError).status !== 409) {
            console.warn(
              'Variables not saved with the automatic checkpoint',
              error
            );
          }
          return;
        }
        Notification.warning(
          trans.__(
            'The checkpoint was made, but not its variables: %1',
            (error as Error).message
          ),
          { autoClose: 8000 }
        );
      }
    };

    // One snapshot at a time per notebook: a second one would find the kernel busy with the first.
    const queues = new Map<string, Promise<void>>();
    const pending = new Set<string>();
    service.changed.connect((_, change) => {
      const kind = change.checkpoint?.kind;
      if (!enabled() || change.type !== 'created' || !kind) {
        return;
      }
      const key = `${change.path}\n${change.checkpoint?.id}\n${kind === 'manual'}`;
      if ((kind === 'manual' || AUTOMATIC.has(kind)) && !pending.has(key)) {
        // The same entry announced twice (e.g. a create of unchanged content) is saved once.
        pending.add(key);
        // Not awaited: the checkpoint (and the save) never wait for the variables.
        const previous = queues.get(change.path) ?? Promise.resolve();
        const next = previous
          .then(() => save(change, kind !== 'manual'))
          .catch(reason => console.warn('Variables not saved', reason))
          .finally(() => pending.delete(key));
        queues.set(change.path, next);
        void next.finally(() => {
          if (queues.get(change.path) === next) {
            queues.delete(change.path);
          }
        });
      }
    });
  }
};

export const variablesPlugins: JupyterFrontEndPlugin<unknown>[] = [variables];
