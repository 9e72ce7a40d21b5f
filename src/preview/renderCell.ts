import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { ICellLike, sourceOf } from '../compare/cellDiff';

/**
 * A cell of a checkpoint, read-only: markdown rendered, code as text with its outputs. Outputs are
 * rendered untrusted, so no script or HTML from a checkpoint ever runs.
 */
export function renderCell(
  cell: ICellLike,
  index: number,
  rendermime: IRenderMimeRegistry
): HTMLElement {
  const node = document.createElement('div');
  node.className = `jp-checkpoints-previewCell jp-mod-${cell.cell_type}`;
  node.dataset.index = String(index);
  if (cell.cell_type === 'markdown') {
    void renderData(node, { 'text/markdown': sourceOf(cell) }, rendermime);
    return node;
  }
  const source = document.createElement('pre');
  source.className = 'jp-checkpoints-previewSource';
  source.textContent = sourceOf(cell);
  node.appendChild(source);
  renderOutputs(node, cell, rendermime);
  return node;
}

/** Append a cell's outputs to `parent`, each with the richest mime type the registry renders. */
export function renderOutputs(
  parent: HTMLElement,
  cell: ICellLike,
  rendermime: IRenderMimeRegistry
): void {
  for (const output of cell.outputs ?? []) {
    const data =
      output.output_type === 'stream'
        ? {
            'text/plain': Array.isArray(output.text)
              ? output.text.join('')
              : output.text
          }
        : output.output_type === 'error'
          ? { 'text/plain': `${output.ename}: ${output.evalue}` }
          : (output.data ?? {});
    void renderData(parent, data, rendermime);
  }
}

async function renderData(
  parent: HTMLElement,
  data: any,
  rendermime: IRenderMimeRegistry
): Promise<void> {
  const mimeType = rendermime.preferredMimeType(data, 'any');
  if (!mimeType) {
    return;
  }
  const renderer = rendermime.createRenderer(mimeType);
  renderer.addClass('jp-checkpoints-previewOutput');
  parent.appendChild(renderer.node);
  await renderer.renderModel(new MimeModel({ data, trusted: false }));
}
