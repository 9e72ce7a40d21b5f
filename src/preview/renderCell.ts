import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ICellLike } from '../compare/cellDiff';
import { renderOutputArea } from './notebookRender';

/**
 * A cell's outputs appended to a plain element (views drawn with React): the output area of the
 * shared renderer (notebookRender.ts), untrusted, so no script or HTML from a checkpoint ever runs.
 */
export function renderOutputs(
  parent: HTMLElement,
  cell: ICellLike,
  rendermime: IRenderMimeRegistry
): void {
  parent.appendChild(renderOutputArea(cell, rendermime).node);
}
