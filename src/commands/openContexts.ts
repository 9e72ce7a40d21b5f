import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { samePath } from '../paths';

/**
 * Every open document context of `path` in the page: one per model kind (a notebook also open with
 * Open With > Editor has two), shared by its views (New View). `docManager.findWidget` finds only the
 * default factory's widget, so the shell's widgets are asked instead.
 */
export function openContexts(
  shell: JupyterFrontEnd.IShell,
  docManager: IDocumentManager,
  path: string
): DocumentRegistry.Context[] {
  const found: DocumentRegistry.Context[] = [];
  for (const area of ['main', 'down'] as const) {
    let widgets: Iterable<unknown>;
    try {
      widgets = shell.widgets(area);
    } catch {
      continue; // a shell without this area (Notebook 7 has no 'down')
    }
    for (const widget of widgets) {
      const context = docManager.contextForWidget(widget as never);
      if (context && samePath(context.path, path) && !found.includes(context)) {
        found.push(context);
      }
    }
  }
  return found;
}
