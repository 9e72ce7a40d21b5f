/**
 * Commands acting on one checkpoint of the panel's document. Args: `{ id }`; without it, the
 * checkpoint under the context menu or the selected one.
 */
export namespace ItemCommandIDs {
  export const restore = 'checkpoints:restore';
  export const pin = 'checkpoints:pin';
  export const unpin = 'checkpoints:unpin';
  export const rename = 'checkpoints:rename';
  export const remove = 'checkpoints:delete';
  export const openAsNew = 'checkpoints:open-as-new';
  export const download = 'checkpoints:download';
  export const copyLink = 'checkpoints:copy-link';
  /** Args: `{ path, id }` of a deleted file's kept checkpoint. */
  export const restoreDeleted = 'checkpoints:restore-deleted';
}
