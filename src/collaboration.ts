import { DocumentRegistry } from '@jupyterlab/docregistry';

/**
 * Whether the document is shared in real time (jupyter-collaboration): the server's room then saves
 * it as it changes, and autosave intervals, `%autosave` and the page's own saves do not apply.
 */
export function isShared(
  context: DocumentRegistry.Context | null | undefined
): boolean {
  return context?.model.collaborative === true;
}
