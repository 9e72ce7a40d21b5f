/**
 * Every command id of the extension, in one place so plugins, views, menus and shortcuts
 * (schema/*.json), users' own shortcuts and tests agree. The strings never change.
 */
export namespace CommandIDs {
  // The current document.
  export const create = 'checkpoints:create';
  export const createNamed = 'checkpoints:create-named';
  export const openPanel = 'checkpoints:open-panel';
  export const restoreLatest = 'checkpoints:restore-latest';
  export const deleteUnpinned = 'checkpoints:delete-unpinned';
  export const openForFile = 'checkpoints:open-for-file';

  // Autosave of the current notebook.
  export const setNotebookAutosave = 'checkpoints:set-notebook-autosave';
  /** Args `{ seconds }`: 0 turns autosave off, -1 follows the settings. */
  export const setAutosaveInterval = 'checkpoints:set-autosave-interval';

  // One checkpoint. Args `{ path?, id }`; without them, the checkpoint under the context menu or
  // the one selected in the panel.
  export const restore = 'checkpoints:restore';
  export const pin = 'checkpoints:pin';
  export const unpin = 'checkpoints:unpin';
  export const rename = 'checkpoints:rename';
  export const remove = 'checkpoints:delete';
  export const openAsNew = 'checkpoints:open-as-new';
  export const download = 'checkpoints:download';
  export const copyLink = 'checkpoints:copy-link';
  export const preview = 'checkpoints:preview';
  /** Args `{ path, id, otherId? }`: with `otherId`, two checkpoints; else one and the document. */
  export const compare = 'checkpoints:compare';
  export const compareSelected = 'checkpoints:compare-selected';
  /** Args `{ path, id }` of a deleted file's kept checkpoint. */
  export const restoreDeleted = 'checkpoints:restore-deleted';

  // Readable history of a notebook.
  /** Args `{ path?, cellId? }`: by default the active cell of the current notebook. */
  export const cellHistory = 'checkpoints:cell-history';
  /** Args `{ path? }`: by default the current notebook. */
  export const deletedCells = 'checkpoints:deleted-cells';
  // Folders. Args `{ path }` (the folder); without it, the file browser's current folder.
  export const createFolder = 'checkpoints:create-folder';
  /** Args `{ path, id }`: one folder checkpoint; without them, the one selected in the panel. */
  export const folderPreview = 'checkpoints:folder-preview';
  export const folderPin = 'checkpoints:folder-pin';
  export const folderUnpin = 'checkpoints:folder-unpin';
  export const folderRename = 'checkpoints:folder-rename';
  export const folderDelete = 'checkpoints:folder-delete';
  export const folderRestore = 'checkpoints:folder-restore';
  export const folderOpenAsNew = 'checkpoints:folder-open-as-new';
  export const folderDownload = 'checkpoints:folder-download';
  /** Args `{ path, id, file }`: one recorded file of a folder checkpoint. */
  export const folderOpenFile = 'checkpoints:folder-open-file';
  export const folderCompareFile = 'checkpoints:folder-compare-file';
  export const folderRestoreFile = 'checkpoints:folder-restore-file';
  /** Args `{ mode: 'file' | 'folder' }`: what the Checkpoints panel lists. */
  export const panelMode = 'checkpoints:panel-mode';

  // The whole store.
  /** Args `{ deletedOlderThanDays? }`: by default the panel's `cleanupDeletedAfterDays` setting. */
  export const cleanUp = 'checkpoints:clean-up';

  // Kernel variables.
  /** Args `{ path?, id? }` as `restore`: the checkpoint's saved variables into the notebook's kernel. */
  export const restoreVariables = 'checkpoints:restore-variables';
}
