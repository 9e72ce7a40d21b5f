import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  MainAreaWidget,
  ToolbarButton,
  WidgetTracker
} from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Panel } from '@lumino/widgets';
import { pinIcon } from '../icons';
import { normalizePath } from '../paths';

/**
 * The one home of how previews, comparisons, cell histories and time travel are shown.
 *
 * JupyterLab: each document has ONE review tab in the main area, as VS Code's preview editor: a
 * new view of the same document replaces it in place (same tab position), and its title is in
 * italics while it is a preview. Pinning it (its toolbar's pin button, or a double-click on its
 * tab) keeps it: the next view opens a new review tab. The review tabs are found through a
 * `WidgetTracker`, never by reading the page back.
 *
 * Jupyter Notebook 7: a shell whose main area holds one document silently drops a widget added
 * there; feature-tested by the widget having no parent after `shell.add`, the view then opens in
 * a large dialog over the notebook, which stays open behind it.
 */

/** Where a view was shown, and how to put it away before another command runs. */
export interface IShownView {
  /** 'main': a tab of JupyterLab's main area; 'dialog': a large dialog over the page. */
  where: 'main' | 'dialog';
  /** Close the dialog (a tab in the main area stays open, as it always did). */
  close(): void;
}

/** How a view is shown. */
export interface IShowOptions {
  /**
   * The document (or folder) path the view reviews: views of the same path share one review tab.
   * Without it the view gets a tab of its own, never replaced.
   */
  document?: string;
}

export const VIEW_DIALOG_CLASS = 'jp-checkpoints-viewDialog';
const VIEW_DIALOG_BODY_CLASS = 'jp-checkpoints-viewDialogBody';
/** On the tab's title while the review tab is a preview (replaced by the next view): italics. */
export const PREVIEW_TITLE_CLASS = 'jp-checkpoints-mod-previewTab';
const REVIEW_TAB_CLASS = 'jp-checkpoints-reviewTab';

/** Show a view of a checkpoint: the document's review tab, or a dialog in Notebook 7. */
export function showView(
  app: JupyterFrontEnd,
  widget: MainAreaWidget,
  trans: TranslationBundle,
  options: IShowOptions = {}
): IShownView {
  const document =
    options.document === undefined ? null : normalizePath(options.document);
  if (reviewTabs(app, trans).open(widget, document)) {
    return { where: 'main', close: () => undefined };
  }
  return showInDialog(widget, trans);
}

/** The review tabs of `app` (made on first use). */
export function reviewTabs(
  app: JupyterFrontEnd,
  trans: TranslationBundle
): ReviewTabs {
  let tabs = TABS.get(app);
  if (!tabs) {
    tabs = new ReviewTabs(app, trans);
    TABS.set(app, tabs);
  }
  return tabs;
}

const TABS = new WeakMap<JupyterFrontEnd, ReviewTabs>();

/** What the review tabs know of each view. */
interface IReviewState {
  document: string | null;
  pinned: boolean;
  pin: ToolbarButton;
}

/** The review tabs of the main area, one replaceable tab per document. */
export class ReviewTabs {
  constructor(
    private _app: JupyterFrontEnd,
    private _trans: TranslationBundle
  ) {
    // A double-click on a review tab's title pins it, as in VS Code.
    _app.shell.node.addEventListener('dblclick', event => {
      const tab = (event.target as Element | null)?.closest?.('.lm-TabBar-tab');
      const view = tab?.id
        ? this.tracker.find(
            w => w.node.getAttribute('aria-labelledby') === tab.id
          )
        : undefined;
      if (view) {
        this.pin(view);
      }
    });
  }

  /** Every review view shown in the main area. */
  readonly tracker = new WidgetTracker<MainAreaWidget>({
    namespace: 'jupyterlab-checkpoints-review'
  });

  /** True when `widget` is a review tab that the next view of its document will not replace. */
  isPinned(widget: MainAreaWidget): boolean {
    return this._state.get(widget)?.pinned ?? false;
  }

  /** The unpinned review tab of `document`, if there is one. */
  previewOf(document: string): MainAreaWidget | undefined {
    return this.tracker.find(w => {
      const state = this._state.get(w);
      return !!state && !state.pinned && state.document === document;
    });
  }

  /** Keep `widget`: the next view of its document opens a tab of its own. */
  pin(widget: MainAreaWidget): void {
    const state = this._state.get(widget);
    if (!state || state.pinned) {
      return;
    }
    state.pinned = true;
    widget.title.className = widget.title.className
      .replace(PREVIEW_TITLE_CLASS, '')
      .trim();
    state.pin.pressed = true;
    state.pin.enabled = false;
  }

  /**
   * Put `widget` in the main area, in place of its document's unpinned review tab. False when the
   * shell dropped it (Notebook 7): the caller shows it otherwise.
   */
  open(widget: MainAreaWidget, document: string | null): boolean {
    const previous = document === null ? undefined : this.previewOf(document);
    // A tab of the current tab area (the document's, usually), never a split beside it.
    this._app.shell.add(
      widget,
      'main',
      previous ? { ref: previous.id, mode: 'tab-after' } : undefined
    );
    if (!widget.parent && !widget.isAttached) {
      return false;
    }
    previous?.dispose();
    const pin = new ToolbarButton({
      icon: pinIcon,
      tooltip: this._trans.__(
        'Keep this tab open (the next preview of this file opens a new tab)'
      ),
      label: this._trans.__('Keep Open'),
      onClick: () => this.pin(widget)
    });
    this._state.set(widget, { document, pinned: document === null, pin });
    widget.toolbar.insertItem(0, 'keep-open', pin);
    widget.addClass(REVIEW_TAB_CLASS);
    if (document === null) {
      pin.enabled = false;
      pin.pressed = true;
    } else {
      widget.title.className = `${widget.title.className} ${PREVIEW_TITLE_CLASS}`;
    }
    void this.tracker.add(widget);
    this._app.shell.activateById(widget.id);
    return true;
  }

  private _state = new WeakMap<MainAreaWidget, IReviewState>();
}

/**
 * Show `widget` in a large dialog. The toolbar and the view move into a plain panel: a
 * MainAreaWidget lays its parts out once, at attach, and a dialog sends it no resize; a flex
 * column follows the dialog's size.
 */
function showInDialog(
  widget: MainAreaWidget,
  trans: TranslationBundle
): IShownView {
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
