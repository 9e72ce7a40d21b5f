import { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';
import { isShared } from '../collaboration';
import { normalizePath, samePath } from '../paths';

/**
 * The one home for "the extension changed these files on disk: bring every open view of them up to
 * date". Every restore path (a file, a folder, a file of a folder, a deleted file) ends with
 * `reloadFromDisk`, so no view keeps the old text and no later save raises "File Changed" (whose
 * focused Overwrite would undo the restore).
 *
 * Contexts are looked up in the document manager's own list: a path can be open in several
 * widgets (Open With > Editor gives a second context, New View shares one), and
 * `docManager.findWidget` finds only the default factory's widget.
 */

type AnyContext = DocumentRegistry.Context;

/** Every context the document manager holds; the shell's widgets when it keeps them private. */
function allContexts(
  docManager: IDocumentManager,
  shell: JupyterFrontEnd.IShell | null
): AnyContext[] {
  // DocumentManager keeps its contexts in `_contexts` (JupyterLab 4.0 to 4.6, Notebook 7).
  const own = (docManager as unknown as { _contexts?: unknown })._contexts;
  if (Array.isArray(own)) {
    return own.filter(c => !(c as AnyContext).isDisposed) as AnyContext[];
  }
  const found: AnyContext[] = [];
  for (const area of ['main', 'down', 'left', 'right'] as const) {
    let widgets: Iterable<unknown>;
    try {
      widgets = shell?.widgets(area) ?? [];
    } catch {
      continue; // a shell without this area (Notebook 7 has no 'down')
    }
    for (const widget of widgets) {
      const context = docManager.contextForWidget(widget as never);
      if (context && !found.includes(context)) {
        found.push(context);
      }
    }
  }
  return found;
}

/** Every open document context of `path`: one per model kind, shared by its views. */
export function openContexts(
  docManager: IDocumentManager,
  path: string,
  shell: JupyterFrontEnd.IShell | null = null
): AnyContext[] {
  return allContexts(docManager, shell).filter(c => samePath(c.path, path));
}

/** Every open document context of a file inside `folder` ('' is the root). */
export function openContextsUnder(
  docManager: IDocumentManager,
  folder: string,
  shell: JupyterFrontEnd.IShell | null = null
): AnyContext[] {
  const prefix = normalizePath(folder);
  return allContexts(docManager, shell).filter(c => {
    const path = normalizePath(c.path);
    return !prefix || path.startsWith(prefix + '/');
  });
}

/**
 * Load what is on disk into each context. A collaborative context is left alone: its room polls the
 * file and replaces the shared document itself (`context.revert()` loads nothing there). A context
 * whose file is gone (a restore moved it to the trash) keeps its text: the user may still save it.
 */
export async function reloadFromDisk(
  contexts: readonly AnyContext[]
): Promise<void> {
  await Promise.all(
    contexts
      .filter(c => !c.isDisposed && !isShared(c))
      .map(c =>
        c.revert().catch(reason => {
          console.warn(`Cannot reload ${c.path} from disk`, reason);
        })
      )
  );
}

/** The contents model to save for an open document, as its context would. */
export function contentsModelOf(context: AnyContext): Partial<Contents.IModel> {
  // The contents model a context keeps after saving has no format: tell by its type.
  return context.contentsModel?.type === 'notebook'
    ? { type: 'notebook', format: 'json', content: context.model.toJSON() }
    : { type: 'file', format: 'text', content: context.model.toString() };
}

/**
 * Write the unsaved edits of `contexts` to disk before a restore replaces the file, so the restore
 * keeps them (the server keeps what it replaces). The first dirty context of a path saves through its
 * own context; a second model of the same path (Open With > Editor) is written as it is, without the
 * context's "file changed on disk" check, which the save just before would trigger. `between` runs
 * after each save but the last of one path (e.g. to keep it as a checkpoint before the next write).
 */
export async function saveDirty(
  contexts: readonly AnyContext[],
  contents: Contents.IManager,
  between?: (path: string) => Promise<unknown>
): Promise<void> {
  const byPath = new Map<string, AnyContext[]>();
  for (const c of contexts) {
    if (c.model.dirty && !c.isDisposed && !isShared(c)) {
      const key = normalizePath(c.path);
      byPath.set(key, [...(byPath.get(key) ?? []), c]);
    }
  }
  for (const [path, dirty] of byPath) {
    for (const [i, context] of dirty.entries()) {
      if (i === 0) {
        await context.save();
      } else {
        await contents.save(context.path, contentsModelOf(context));
      }
      if (between && i < dirty.length - 1) {
        await between(path);
      }
    }
  }
}

/**
 * Changes made outside the page (the `jupyter checkpoints restore` command line while the page is
 * open): the server tells the page nothing, so every few seconds, while the page is visible, the
 * modification time of each open file is compared with the one its context last loaded or saved.
 * A clean context is reloaded at once. A context with unsaved edits keeps them (they are the user's
 * work), and JupyterLab's own "File Changed" check still guards its next save; the user is told once
 * per change and offered to reload, so the old model is never saved over the change unknowingly.
 */
export function watchDiskChanges(
  docManager: IDocumentManager,
  contents: Contents.IManager,
  trans: TranslationBundle,
  intervalMs = 4000
): IDisposable {
  const told = new Map<string, string>();
  let busy = false;
  const check = async (): Promise<void> => {
    if (busy || document.visibilityState === 'hidden') {
      return;
    }
    busy = true;
    try {
      const byPath = new Map<string, AnyContext[]>();
      for (const c of allContexts(docManager, null)) {
        if (c.isReady && !isShared(c) && c.contentsModel?.last_modified) {
          byPath.set(c.path, [...(byPath.get(c.path) ?? []), c]);
        }
      }
      for (const [path, contexts] of byPath) {
        const disk = await contents
          .get(path, { content: false })
          .catch(() => null);
        if (!disk?.last_modified) {
          continue;
        }
        // Read after the answer: a save that finished meanwhile moved the context's time too.
        const stale = contexts.filter(
          c =>
            !c.isDisposed &&
            Date.parse(disk.last_modified) -
              Date.parse(c.contentsModel?.last_modified ?? disk.last_modified) >
              c.lastModifiedCheckMargin
        );
        await reloadFromDisk(stale.filter(c => !c.model.dirty));
        const edited = stale.filter(c => c.model.dirty);
        if (edited.length && told.get(path) !== disk.last_modified) {
          told.set(path, disk.last_modified);
          Notification.warning(
            trans.__(
              '%1 changed on disk while it has unsaved edits here.',
              PathExt.basename(path)
            ),
            {
              autoClose: false,
              actions: [
                {
                  label: trans.__('Reload from Disk'),
                  caption: trans.__('Discard the unsaved edits'),
                  callback: () => void reloadFromDisk(edited)
                }
              ]
            }
          );
        }
      }
    } finally {
      busy = false;
    }
  };
  const run = () => void check();
  const timer = window.setInterval(run, intervalMs);
  document.addEventListener('visibilitychange', run);
  window.addEventListener('focus', run);
  return new DisposableDelegate(() => {
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', run);
    window.removeEventListener('focus', run);
  });
}
