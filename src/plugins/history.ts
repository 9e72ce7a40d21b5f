import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { HistoryClient } from '../client/historyClient';
import { CommandIDs } from '../commandIds';
import { addHistoryCommands } from '../commands/historyCommands';
import { ICheckpoints } from '../tokens';

/**
 * Readable history of notebooks: a cell's versions across checkpoints, and deleted cells, each
 * put back into the open notebook as one undoable edit.
 */
const history: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:history',
  description: "A cell's versions across checkpoints, and deleted cells.",
  autoStart: true,
  requires: [INotebookTracker, IRenderMimeRegistry],
  optional: [ITranslator, ICommandPalette, ICheckpoints],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    service: ICheckpoints | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const client = new HistoryClient({
      serverSettings: app.serviceManager.serverSettings
    });
    addHistoryCommands({ app, client, service, tracker, rendermime, trans });
    const category = trans.__('Checkpoints');
    for (const command of [CommandIDs.cellHistory, CommandIDs.deletedCells]) {
      palette?.addItem({ command, category });
    }
  }
};

export const historyPlugins: JupyterFrontEndPlugin<unknown>[] = [history];
