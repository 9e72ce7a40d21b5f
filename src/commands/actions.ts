import { Clipboard } from '@jupyterlab/apputils';
import { PageConfig, PathExt, URLExt } from '@jupyterlab/coreutils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { ICheckpoint, ICheckpoints } from '../tokens';
import { checkpointTitle } from '../views/format';

/** Query parameter of a link that opens a file with one checkpoint selected. */
export const LINK_PARAMETER = 'checkpoint';

/**
 * Save the document (so the checkpoint holds what the user sees) and create a checkpoint.
 */
export async function saveAndCreate(
  context: DocumentRegistry.Context,
  service: ICheckpoints,
  options: {
    kind?: 'manual' | 'auto' | 'failure';
    label?: string;
    pinned?: boolean;
  } = {}
): Promise<ICheckpoint> {
  if (context.model.dirty || !context.contentsModel) {
    await context.save();
  }
  return service.create(context.path, { kind: 'manual', ...options });
}

/**
 * Restore a checkpoint without losing the current state: the current content (unsaved edits
 * included, when the document is open) is saved and kept as a `before-restore` checkpoint, the file
 * is restored, a `rollback` entry records what was restored, and the open document shows the
 * restored content at once.
 */
export async function safeRestore(
  service: ICheckpoints,
  path: string,
  checkpoint: ICheckpoint,
  trans: TranslationBundle,
  context?: DocumentRegistry.Context
): Promise<void> {
  const hasServerPart = (await service.serverInfo) !== null;
  const title = checkpointTitle(checkpoint, trans);
  if (hasServerPart) {
    if (context?.model.dirty) {
      await context.save();
    }
    await service.create(path, {
      kind: 'before-restore',
      label: trans.__('Before restoring %1', title)
    });
  }
  // A stock server keeps one checkpoint: a before-restore copy would overwrite the one restored.
  await service.restore(path, checkpoint.id);
  if (context) {
    await context.revert();
  }
  if (hasServerPart) {
    await service.create(path, {
      kind: 'rollback',
      label: trans.__('Restored %1', title)
    });
  }
}

/** A free path next to `path` named after the checkpoint, e.g. `analysis (checkpoint 2026-11-23 14-02).ipynb`. */
export async function copyPathFor(
  contents: Contents.IManager,
  path: string,
  checkpoint: ICheckpoint
): Promise<string> {
  const ext = PathExt.extname(path);
  const stem = PathExt.basename(path, ext);
  const dir = PathExt.dirname(path);
  const stamp = new Date(checkpoint.lastModified)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ')
    .replace(':', '-');
  const base = `${stem} (checkpoint ${stamp})`;
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? `${base}${ext}` : `${base} ${n}${ext}`;
    const candidate = dir ? PathExt.join(dir, name) : name;
    try {
      await contents.get(candidate, { content: false });
    } catch {
      return candidate;
    }
  }
  throw new Error(`No free name for a copy of ${path}`);
}

/** Write the checkpoint's content to a new file next to the original; resolves to its path. */
export async function openAsNewFile(
  contents: Contents.IManager,
  service: ICheckpoints,
  path: string,
  checkpoint: ICheckpoint
): Promise<string> {
  const content = await service.getContent(path, checkpoint.id);
  const target = await copyPathFor(contents, path, checkpoint);
  await contents.save(target, {
    type: content.type,
    format: content.format,
    content: content.content
  });
  return target;
}

/** Download the checkpoint's content as a file named after the checkpoint. */
export async function download(
  service: ICheckpoints,
  path: string,
  checkpoint: ICheckpoint
): Promise<void> {
  const content = await service.getContent(path, checkpoint.id);
  let blob: Blob;
  if (content.type === 'notebook') {
    blob = new Blob([JSON.stringify(content.content, null, 1) + '\n'], {
      type: 'application/x-ipynb+json'
    });
  } else if (content.format === 'base64') {
    const bytes = Uint8Array.from(atob(content.content), c => c.charCodeAt(0));
    blob = new Blob([bytes], {
      type: content.mimetype ?? 'application/octet-stream'
    });
  } else {
    blob = new Blob([content.content], {
      type: content.mimetype ?? 'text/plain'
    });
  }
  const ext = PathExt.extname(path);
  const name = `${PathExt.basename(path, ext)}-${checkpoint.id}${ext}`;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A URL that opens `path` in JupyterLab with the checkpoint selected in the panel. */
export function linkTo(path: string, checkpoint: ICheckpoint): string {
  const tree = URLExt.join(
    PageConfig.getBaseUrl(),
    'lab/tree',
    URLExt.encodeParts(path)
  );
  return `${tree}?${LINK_PARAMETER}=${encodeURIComponent(checkpoint.id)}`;
}

export function copyLink(path: string, checkpoint: ICheckpoint): string {
  const link = linkTo(path, checkpoint);
  Clipboard.copyToSystem(link);
  return link;
}
