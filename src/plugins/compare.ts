import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { addCompareCommands } from '../commands/compareCommands';
import { ICheckpoints, ICheckpointSelection } from '../tokens';

/**
 * Preview a checkpoint read-only, compare it cell by cell, and restore chosen cells.
 */
const compare: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:compare',
  description:
    'Preview and cell-aware compare of checkpoints; restore of chosen cells.',
  autoStart: true,
  requires: [ICheckpoints, IDocumentManager, IRenderMimeRegistry],
  optional: [ITranslator, ICheckpointSelection],
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    docManager: IDocumentManager,
    rendermime: IRenderMimeRegistry,
    translator: ITranslator | null,
    selection: ICheckpointSelection | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    addCompareCommands({
      app,
      service,
      docManager,
      rendermime,
      trans,
      selection
    });
  }
};

export const comparePlugins: JupyterFrontEndPlugin<unknown>[] = [compare];
