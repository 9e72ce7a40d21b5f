import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { DOCUMENT_VIEW_CLASS } from '../../views/documentView';
import { CurrentDocument } from '../currentDocument';

/** A document context: only its path and its disposal matter here. */
function fakeContext(path: string) {
  const context: { path: string; disposed?: Signal<unknown, void> } = { path };
  context.disposed = new Signal<unknown, void>(context);
  return context as unknown as DocumentRegistry.Context & {
    disposed: Signal<unknown, void>;
  };
}

function setup() {
  const contexts = new Map<Widget, DocumentRegistry.Context>();
  const shell = {
    currentWidget: null as Widget | null,
    currentChanged: new Signal<unknown, { newValue: Widget | null }>({})
  };
  const docManager = {
    activateRequested: new Signal<unknown, string>({}),
    contextForWidget: (w: Widget) => contexts.get(w)
  };
  const focus = (widget: Widget | null) => {
    shell.currentWidget = widget;
    shell.currentChanged.emit({ newValue: widget });
  };
  const current = new CurrentDocument(
    shell as unknown as JupyterFrontEnd.IShell,
    docManager as unknown as IDocumentManager
  );
  const seen: (string | null)[] = [];
  current.changed.connect((_, context) => seen.push(context?.path ?? null));
  return { contexts, focus, current, seen };
}

describe('CurrentDocument', () => {
  it('follows the focused document, and none for other widgets', () => {
    const { contexts, focus, current, seen } = setup();
    const editor = new Widget();
    const launcher = new Widget();
    contexts.set(editor, fakeContext('a.ipynb'));
    focus(editor);
    expect(current.context?.path).toBe('a.ipynb');
    focus(launcher);
    expect(current.context).toBeNull();
    expect(seen).toEqual(['a.ipynb', null]);
  });

  it('stays on a document while its preview or comparison is focused', () => {
    const { contexts, focus, current } = setup();
    const editor = new Widget();
    contexts.set(editor, fakeContext('a.ipynb'));
    focus(editor);
    const preview = new Widget();
    preview.addClass(DOCUMENT_VIEW_CLASS);
    preview.node.dataset.path = 'a.ipynb';
    focus(preview);
    expect(current.context?.path).toBe('a.ipynb');
    const other = new Widget();
    other.addClass(DOCUMENT_VIEW_CLASS);
    other.node.dataset.path = 'b.ipynb';
    focus(other);
    expect(current.context).toBeNull();
  });

  it('lets go of a document when it closes', () => {
    const { contexts, focus, current, seen } = setup();
    const editor = new Widget();
    const context = fakeContext('a.ipynb');
    contexts.set(editor, context);
    focus(editor);
    contexts.delete(editor);
    context.disposed.emit();
    expect(current.context).toBeNull();
    expect(seen).toEqual(['a.ipynb', null]);
  });
});
