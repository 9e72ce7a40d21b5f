import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { autoPlugins } from './plugins/auto';
import { comparePlugins } from './plugins/compare';
import { panelPlugins } from './plugins/panel';

export * from './tokens';
export { CommandIDs } from './commandIds';

/** Marks the extension as loaded (the UI tests check it). */
const activation: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:plugin',
  description: 'Many checkpoints per file.',
  autoStart: true,
  activate: (_app: JupyterFrontEnd) => {
    console.debug('jupyterlab-checkpoints is activated');
  }
};

export default [activation, ...panelPlugins, ...autoPlugins, ...comparePlugins];
