import { EntryStatus, IFolderEntry } from '../../client/foldersClient';

/** A folder or a file of a folder checkpoint's tree. */
export interface ITreeNode {
  /** The last part of the path. */
  name: string;
  /** Relative to the checkpoint's folder, "/"-separated. */
  path: string;
  /** The file's entry; absent for folders. */
  entry?: IFolderEntry;
  /** Folders first, then files, each by name. */
  children: ITreeNode[];
  /** A folder's: 'unchanged' when every file below is, else 'changed'. A file's own status. */
  status: EntryStatus;
}

const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base'
});

/**
 * The tree of a checkpoint's flat entry list: intermediate folders are made from the paths (the
 * server lists files only), so an empty name or a doubled slash cannot create a nameless node.
 */
export function buildTree(entries: readonly IFolderEntry[]): ITreeNode {
  const root: ITreeNode = {
    name: '',
    path: '',
    children: [],
    status: 'unchanged'
  };
  const folders = new Map<string, ITreeNode>([['', root]]);
  for (const entry of entries) {
    const parts = entry.path.split('/').filter(Boolean);
    if (parts.length === 0) {
      continue;
    }
    let parent = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join('/');
      let folder = folders.get(path);
      if (!folder) {
        folder = { name: parts[i], path, children: [], status: 'unchanged' };
        folders.set(path, folder);
        parent.children.push(folder);
      }
      parent = folder;
    }
    parent.children.push({
      name: parts[parts.length - 1],
      path: parts.join('/'),
      entry,
      children: [],
      status: entry.status
    });
  }
  settle(root);
  return root;
}

/** Sort each level and give folders the summary status of what they hold. */
function settle(node: ITreeNode): void {
  node.children.sort((a, b) =>
    !a.entry === !b.entry ? collator.compare(a.name, b.name) : a.entry ? 1 : -1
  );
  for (const child of node.children) {
    if (!child.entry) {
      settle(child);
    }
  }
  if (!node.entry) {
    node.status = node.children.every(c => c.status === 'unchanged')
      ? 'unchanged'
      : 'changed';
  }
}

/** How many entries have each status: the preview's summary line. */
export function countStatuses(
  entries: readonly IFolderEntry[]
): Record<EntryStatus, number> {
  const counts = { unchanged: 0, changed: 0, deleted: 0, added: 0 };
  for (const entry of entries) {
    counts[entry.status]++;
  }
  return counts;
}
