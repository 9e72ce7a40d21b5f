import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Panel, Widget } from '@lumino/widgets';
import { ICellLike } from '../compare/cellDiff';
import { ICheckpointContent } from '../tokens';
import {
  notebookLanguage,
  RENDERED_CELL_CLASS,
  RenderedCell
} from './notebookRender';

/** The class of the cell (or line) a preview was opened at, e.g. from a search hit. */
export const REVEALED_CLASS = 'jp-mod-revealed';

/**
 * A checkpoint's content, read-only: a notebook's cells as the notebook shows them (the shared
 * renderer, notebookRender.ts), or a file's text. Outputs are rendered untrusted, so no script or
 * HTML from a checkpoint ever runs.
 */
export class PreviewView extends Panel {
  constructor(
    content: ICheckpointContent,
    rendermime: IRenderMimeRegistry,
    trans: TranslationBundle,
    languages: IEditorLanguageRegistry | null = null
  ) {
    super();
    this.addClass('jp-checkpoints-preview');
    const banner = new Widget();
    banner.addClass('jp-checkpoints-previewBanner');
    banner.node.textContent = trans.__(
      'Read-only checkpoint of %1',
      content.path
    );
    this.addWidget(banner);
    this._sections = new Widget();
    this._sections.addClass('jp-checkpoints-previewSections');
    this.addWidget(this._sections);
    if (content.type === 'notebook') {
      const cells: ICellLike[] = content.content?.cells ?? [];
      const language = notebookLanguage(content.content);
      const options = { rendermime, languages };
      cells.forEach((cell, i) => {
        const rendered = new RenderedCell(cell, language, options);
        rendered.node.dataset.index = String(i);
        this.addWidget(rendered);
      });
    } else {
      const text = new Widget({ node: document.createElement('pre') });
      const pre = text.node;
      pre.className = 'jp-checkpoints-previewText';
      if (content.format === 'base64') {
        pre.textContent = trans.__('(binary file)');
      } else {
        // One element per line, so that a search hit can open the preview at its line.
        const lines = String(content.content).split('\n');
        lines.forEach((line, i) => {
          const span = document.createElement('span');
          span.className = 'jp-checkpoints-previewLine';
          span.dataset.index = String(i);
          // The text exactly as it is: every line but the last ends with its newline.
          span.textContent = i < lines.length - 1 ? line + '\n' : line;
          pre.appendChild(span);
        });
      }
      this.addWidget(text);
    }
  }

  /** Add a section under the banner, above the content (e.g. the kernel variables saved with it). */
  addSection(node: HTMLElement): void {
    this._sections.node.appendChild(node);
  }

  /** Scroll to a cell (a text file: a 0-based line) and mark it; false when there is none. */
  reveal(index: number): boolean {
    const target = this.node.querySelector<HTMLElement>(
      `.${RENDERED_CELL_CLASS}[data-index="${index}"], .jp-checkpoints-previewLine[data-index="${index}"]`
    );
    if (!target) {
      return false;
    }
    this.node
      .querySelectorAll(`.${REVEALED_CLASS}`)
      .forEach(n => n.classList.remove(REVEALED_CLASS));
    target.classList.add(REVEALED_CLASS);
    target.scrollIntoView({ block: 'center' });
    return true;
  }

  private _sections: Widget;
}
