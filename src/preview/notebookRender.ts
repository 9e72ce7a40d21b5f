import {
  IEditorLanguageRegistry,
  jupyterHighlightStyle
} from '@jupyterlab/codemirror';
import {
  IOutputAreaModel,
  OutputArea,
  OutputAreaModel
} from '@jupyterlab/outputarea';
import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { Panel, Widget } from '@lumino/widgets';
import { ICellLike, sourceOf } from '../compare/cellDiff';

/**
 * The one renderer of a checkpoint's cells, shared by the preview, time travel and compare views:
 * cells look as the notebook shows them, read-only and without an editor.
 *
 * - Code is highlighted by JupyterLab's own language registry (`IEditorLanguageRegistry.highlight`),
 *   with the editor theme's highlight style, so colours follow the theme (light and dark).
 * - `[n]:` prompts and the layout use the notebook's classes (`jp-Cell`, `jp-InputArea`,
 *   `jp-InputPrompt`), so JupyterLab's stylesheet lays them out.
 * - Outputs go through an `OutputArea` over a read-only `OutputAreaModel`, as a notebook's cell
 *   does (its `jp-OutputPrompt`, scrolling and table styles). A checkpoint is shown as an untrusted
 *   notebook: the rendermime registry sanitises HTML and runs no script from it.
 * - Markdown is rendered by the registry's markdown renderer, untrusted as well.
 *
 * A rendered cell depends only on the cell and the notebook's language, so callers may cache it
 * (time travel does, by cell content).
 */

/** Class of every rendered cell; `data-index` is its position in the notebook shown. */
export const RENDERED_CELL_CLASS = 'jp-checkpoints-previewCell';

/** What the renderer needs from the application. */
export interface INotebookRenderOptions {
  rendermime: IRenderMimeRegistry;
  /** JupyterLab's language registry; without it code is shown as plain text. */
  languages: IEditorLanguageRegistry | null;
}

/** A notebook's code language, from its metadata (`python` when it does not say). */
export function notebookLanguage(notebook: any): string {
  const metadata = notebook?.metadata ?? {};
  return (
    metadata.language_info?.name ?? metadata.kernelspec?.language ?? 'python'
  );
}

/** One cell, rendered as the notebook shows it. A widget: its outputs are widgets too. */
export class RenderedCell extends Panel {
  constructor(
    readonly cell: ICellLike,
    language: string,
    options: INotebookRenderOptions
  ) {
    super();
    const type = cell.cell_type;
    const kind =
      type === 'code'
        ? 'jp-CodeCell'
        : type === 'markdown'
          ? 'jp-MarkdownCell'
          : 'jp-RawCell';
    this.addClass('jp-Cell');
    this.addClass(kind);
    this.addClass(RENDERED_CELL_CLASS);
    this.addClass(`jp-mod-${type}`);
    this.addClass('jp-mod-noOutputs');
    const input = new Widget();
    input.addClass('jp-Cell-inputWrapper');
    const area = document.createElement('div');
    area.className = 'jp-InputArea jp-Cell-inputArea';
    const prompt = document.createElement('div');
    prompt.className = 'jp-InputPrompt jp-InputArea-prompt';
    area.appendChild(prompt);
    input.node.appendChild(area);
    this.addWidget(input);
    if (type === 'markdown') {
      const rendered = options.rendermime.createRenderer('text/markdown');
      rendered.addClass('jp-MarkdownOutput');
      area.appendChild(rendered.node);
      void rendered.renderModel(
        new MimeModel({
          data: { 'text/markdown': sourceOf(cell) },
          trusted: false
        })
      );
      return;
    }
    if (type === 'code') {
      const count = cell.execution_count;
      prompt.textContent = `[${typeof count === 'number' ? count : ' '}]:`;
    }
    const editor = document.createElement('div');
    editor.className = 'jp-InputArea-editor';
    const code = document.createElement('pre');
    code.className = 'jp-checkpoints-previewSource';
    editor.appendChild(code);
    area.appendChild(editor);
    void highlightInto(
      code,
      sourceOf(cell),
      type === 'code' ? language : null,
      options.languages
    );
    if (type === 'code' && cell.outputs?.length) {
      this.removeClass('jp-mod-noOutputs');
      this.addWidget(renderOutputArea(cell, options.rendermime));
    }
  }
}

/** A cell's outputs in a read-only output area, as the notebook shows them (untrusted). */
export function renderOutputArea(
  cell: ICellLike,
  rendermime: IRenderMimeRegistry
): OutputArea {
  const model = new OutputAreaModel({
    values: (cell.outputs ?? []) as IOutputAreaModel.IOptions['values'],
    trusted: false
  });
  const outputs = new OutputArea({ model, rendermime });
  outputs.addClass('jp-Cell-outputArea');
  outputs.disposed.connect(() => model.dispose());
  return outputs;
}

/**
 * Write `code` into `el`, highlighted as the editor highlights `language` (its name or mime type):
 * plain text when the registry or the language is unknown.
 */
export async function highlightInto(
  el: HTMLElement,
  code: string,
  language: string | null,
  languages: IEditorLanguageRegistry | null
): Promise<void> {
  const spec = language && languages ? languages.findBest(language) : null;
  if (!spec || !languages) {
    el.textContent = code;
    return;
  }
  mountHighlightStyle();
  try {
    await languages.highlight(code, spec, el);
  } catch (reason) {
    // A language that fails to load leaves the code readable.
    console.warn('Highlighting failed:', reason);
    el.textContent = code;
  }
}

let styleMounted = false;

/**
 * The highlight style's rules are put in the page by the first editor made; a view opened before
 * any editor (a deleted file's preview) puts them there itself.
 */
function mountHighlightStyle(): void {
  if (styleMounted) {
    return;
  }
  styleMounted = true;
  const rules = jupyterHighlightStyle.module?.getRules();
  if (rules) {
    const style = document.createElement('style');
    style.dataset.source = 'jupyterlab-checkpoints';
    style.textContent = rules;
    document.head.appendChild(style);
  }
}
