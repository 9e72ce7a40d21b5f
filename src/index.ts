import { autoPlugins } from './plugins/auto';
import { comparePlugins } from './plugins/compare';
import { diskSyncPlugins } from './plugins/diskSync';
import { folderPlugins } from './plugins/folders';
import { historyPlugins } from './plugins/history';
import { panelPlugins } from './plugins/panel';
import { timeTravelPlugins } from './plugins/timeTravel';
import { variablesPlugins } from './plugins/variables';

export * from './tokens';
export { CommandIDs } from './commandIds';
export { CHECKPOINT_KINDS } from './kinds';

export default [
  ...panelPlugins,
  ...autoPlugins,
  ...comparePlugins,
  ...historyPlugins,
  ...folderPlugins,
  ...variablesPlugins,
  ...diskSyncPlugins,
  ...timeTravelPlugins
];
