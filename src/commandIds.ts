/**
 * Command ids, in one place so plugins, menus (schema/*.json) and tests agree.
 */
export namespace CommandIDs {
  export const create = 'checkpoints:create';
  export const createNamed = 'checkpoints:create-named';
  export const openPanel = 'checkpoints:open-panel';
  export const restoreLatest = 'checkpoints:restore-latest';
  export const deleteUnpinned = 'checkpoints:delete-unpinned';
  export const openForFile = 'checkpoints:open-for-file';
  export const setNotebookAutosave = 'checkpoints:set-notebook-autosave';
  export const preview = 'checkpoints:preview';
  export const compare = 'checkpoints:compare';
  export const compareSelected = 'checkpoints:compare-selected';
}
