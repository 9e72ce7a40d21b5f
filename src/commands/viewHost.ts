import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Panel } from '@lumino/widgets';

/** Where a preview or comparison was shown, and how to put it away before another command runs. */
export interface IShownView {
  /** 'main': a tab of JupyterLab's main area; 'dialog': a large dialog over the page. */
  where: 'main' | 'dialog';
  /** Close the dialog (a tab in the main area stays open, as it always did). */
  close(): void;
}

export const VIEW_DIALOG_CLASS = 'jp-checkpoints-viewDialog';
const VIEW_DIALOG_BODY_CLASS = 'jp-checkpoints-viewDialogBody';

/**
 * Show a preview or comparison next to the document. JupyterLab puts it in a split of the main area.
 * A shell whose main area holds one document only (Jupyter Notebook 7) silently drops the widget:
 * feature-tested by the widget having no parent after `shell.add`, it then opens in a large dialog
 * over the notebook, which stays open behind it (restoring cells edits it, undoable there).
 */
export function showView(
  app: JupyterFrontEnd,
  widget: MainAreaWidget,
  trans: TranslationBundle
): IShownView {
  app.shell.add(widget, 'main', { mode: 'split-right' });
  if (widget.parent || widget.isAttached) {
    return { where: 'main', close: () => undefined };
  }
  // The toolbar and the view move into a plain panel: a MainAreaWidget lays its parts out once, at
  // attach, and a dialog sends it no resize; a flex column follows the dialog's size.
  const body = new Panel();
  body.addClass(VIEW_DIALOG_BODY_CLASS);
  for (const name of widget.node.classList) {
    if (name.startsWith('jp-checkpoints-')) {
      body.addClass(name);
    }
  }
  Object.assign(body.node.dataset, widget.node.dataset);
  body.node.title = widget.title.caption;
  body.addWidget(widget.toolbar);
  body.addWidget(widget.content);
  const dialog = new Dialog({
    title: widget.title.label,
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Close') })],
    hasClose: true
  });
  dialog.addClass(VIEW_DIALOG_CLASS);
  void dialog.launch().then(() => {
    body.dispose();
    widget.dispose();
  });
  return {
    where: 'dialog',
    close: () => {
      if (!dialog.isDisposed) {
        dialog.reject();
      }
    }
  };
}
