import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { DOCUMENT_VIEW_CLASS } from '../views/documentView';

/**
 * The document the user works on: the context of the current main-area widget. A preview or a
 * comparison of that document keeps it current, so commands and the panel stay on it.
 */
export class CurrentDocument implements IDisposable {
  constructor(
    private _shell: JupyterFrontEnd.IShell,
    private _docManager: IDocumentManager
  ) {
    // Not every shell (e.g. Notebook 7's tree page) announces focus changes; a document the
    // Document Manager opens or reveals is followed either way.
    this._shell.currentChanged?.connect(this._onCurrentChanged, this);
    this._docManager.activateRequested.connect(this.refresh, this);
    this.refresh();
  }

  /** The current document's context; null when no document is current. */
  get context(): DocumentRegistry.Context | null {
    return this._context;
  }

  /** Emitted with the new context when another document (or none) becomes current. */
  get changed(): ISignal<this, DocumentRegistry.Context | null> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Look at the shell's current widget again. */
  refresh(): void {
    this._follow(this._shell.currentWidget);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _onCurrentChanged(
    _: unknown,
    args: { newValue: Widget | null }
  ): void {
    this._follow(args.newValue);
  }

  private _follow(widget: Widget | null): void {
    if (this._isDisposed) {
      return;
    }
    const context = widget
      ? (this._docManager.contextForWidget(widget) ?? null)
      : null;
    if (
      !context &&
      widget?.hasClass(DOCUMENT_VIEW_CLASS) &&
      widget.node.dataset.path === this._context?.path
    ) {
      return;
    }
    this._set(context);
  }

  private _set(context: DocumentRegistry.Context | null): void {
    if (context === this._context) {
      return;
    }
    this._context?.disposed.disconnect(this._onDisposed, this);
    this._context = context;
    this._context?.disposed.connect(this._onDisposed, this);
    this._changed.emit(context);
  }

  private _onDisposed(context: DocumentRegistry.Context): void {
    if (context === this._context) {
      // The document closed: follow the widget now current, if it holds another document.
      const widget = this._shell.currentWidget;
      const next = widget
        ? (this._docManager.contextForWidget(widget) ?? null)
        : null;
      this._set(next !== context ? next : null);
    }
  }

  private _context: DocumentRegistry.Context | null = null;
  private _changed = new Signal<this, DocumentRegistry.Context | null>(this);
  private _isDisposed = false;
}
