import { Clipboard } from '@jupyterlab/apputils';
import { PageConfig, PathExt, URLExt } from '@jupyterlab/coreutils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { Contents } from '@jupyterlab/services';
import { ICheckpoint, ICheckpoints } from '../tokens';

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
  return service.runExclusive(context.path, async () => {
    if (context.model.dirty || !context.contentsModel) {
      await context.save();
    }
    return service.create(context.path, { kind: 'manual', ...options });
  });
}

/** A free path next to `path` named after the checkpoint, e.g. `analysis (checkpoint 2026-11-23 14-02).ipynb`. */
export function copyPathFor(
  contents: Contents.IManager,
  path: string,
  checkpoint: ICheckpoint
): Promise<string> {
  const stamp = new Date(checkpoint.lastModified)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ')
    .replace(':', '-');
  return freePath(contents, path, `checkpoint ${stamp}`);
}

/** A free path next to `path` with `note` in parentheses: `analysis (note).ipynb`, then `(note) 2`... */
export async function freePath(
  contents: Contents.IManager,
  path: string,
  note: string
): Promise<string> {
  const ext = PathExt.extname(path);
  const stem = PathExt.basename(path, ext);
  const dir = PathExt.dirname(path);
  const base = `${stem} (${note})`;
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
