import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import {
  addTimeTravelCommand,
  TIME_TRAVEL
} from '../timetravel/timeTravelCommands';
import { ICheckpoints, ICheckpointSelection } from '../tokens';

/**
 * Time travel through a notebook's checkpoints on a slider. The command, the Checkpoints panel's
 * toolbar button and the cell context menu item are declared in schema/time-travel.json.
 */
const timeTravel: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:time-travel',
  description: "A slider over a notebook's checkpoints, up to now.",
  autoStart: true,
  requires: [ICheckpoints, IRenderMimeRegistry],
  optional: [
    ITranslator,
    INotebookTracker,
    IEditorLanguageRegistry,
    ICheckpointSelection,
    ICommandPalette
  ],
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    rendermime: IRenderMimeRegistry,
    translator: ITranslator | null,
    tracker: INotebookTracker | null,
    languages: IEditorLanguageRegistry | null,
    selection: ICheckpointSelection | null,
    palette: ICommandPalette | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    addTimeTravelCommand({
      app,
      service,
      tracker,
      rendermime,
      languages,
      selection,
      trans
    });
    palette?.addItem({
      command: TIME_TRAVEL,
      category: trans.__('Checkpoints')
    });
  }
};

export const timeTravelPlugins: JupyterFrontEndPlugin<unknown>[] = [timeTravel];
