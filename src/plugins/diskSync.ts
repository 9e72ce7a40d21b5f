import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { watchDiskChanges } from '../commands/openContexts';

/**
 * Open documents follow restores made outside the page (the command line): see
 * `watchDiskChanges`. Restores made in the page bring their views up to date themselves.
 */
const diskSync: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:disk-sync',
  description:
    'Reloads open documents that a restore outside the page changed on disk.',
  autoStart: true,
  requires: [IDocumentManager],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    docManager: IDocumentManager,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    watchDiskChanges(docManager, app.serviceManager.contents, trans);
  }
};

export const diskSyncPlugins: JupyterFrontEndPlugin<unknown>[] = [diskSync];
