import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { ICellLike, sourceOf } from '../compare/cellDiff';
import { ICheckpointContent } from '../tokens';

/**
 * A checkpoint's content, read-only: a notebook's cells with their outputs, or a file's text.
 * Outputs are rendered untrusted, so no script or HTML from a checkpoint ever runs.
 */
export class PreviewView extends Widget {
  constructor(
    content: ICheckpointContent,
    rendermime: IRenderMimeRegistry,
    trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-checkpoints-preview');
    const banner = document.createElement('div');
    banner.className = 'jp-checkpoints-previewBanner';
    banner.textContent = trans.__('Read-only checkpoint of %1', content.path);
    this.node.appendChild(banner);
    if (content.type === 'notebook') {
      const cells: ICellLike[] = content.content?.cells ?? [];
      cells.forEach((cell, i) =>
        this.node.appendChild(this._cell(cell, i, rendermime))
      );
    } else {
      const pre = document.createElement('pre');
      pre.className = 'jp-checkpoints-previewText';
      pre.textContent =
        content.format === 'base64'
          ? trans.__('(binary file)')
          : String(content.content);
      this.node.appendChild(pre);
    }
  }

  private _cell(
    cell: ICellLike,
    index: number,
    rendermime: IRenderMimeRegistry
  ): HTMLElement {
    const node = document.createElement('div');
    node.className = `jp-checkpoints-previewCell jp-mod-${cell.cell_type}`;
    node.dataset.index = String(index);
    if (cell.cell_type === 'markdown') {
      void this._render(node, { 'text/markdown': sourceOf(cell) }, rendermime);
      return node;
    }
    const source = document.createElement('pre');
    source.className = 'jp-checkpoints-previewSource';
    source.textContent = sourceOf(cell);
    node.appendChild(source);
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
      void this._render(node, data, rendermime);
    }
    return node;
  }

  private async _render(
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
}
