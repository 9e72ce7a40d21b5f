import { PathExt } from '@jupyterlab/coreutils';
import { ISignal, Signal } from '@lumino/signaling';
import { normalizePath } from '../paths';

/** What the Checkpoints panel shows: the current document's history, or a folder's. */
export type PanelMode = 'file' | 'folder';

/**
 * Which folder Folder mode lists: the file browser's current one (JupyterLab, Notebook 7's tree
 * page), or the folder of the page's document (Notebook 7's notebook and editor pages, where no file
 * browser is shown and the browser's model stays at the root).
 */
export type FolderSource = 'browser' | 'document';

/**
 * The panel's Folder/File switch. In File mode the panel follows the current document (as it always
 * did); in Folder mode it follows the file browser's current folder, as the user moves around, or
 * the folder of the page's document (see `FolderSource`).
 * `folder` is the folder whose checkpoints are listed: null in File mode, so that browsing in
 * File mode asks the server nothing.
 */
export class FolderSubject {
  constructor(
    mode: PanelMode = 'file',
    browserPath = '',
    readonly source: FolderSource = 'browser'
  ) {
    this._mode = mode;
    this._folder = source === 'browser' ? normalizePath(browserPath) : '';
  }

  /** Emits the listed folder (or null) whenever it changes, and the mode when it changes. */
  get changed(): ISignal<FolderSubject, string | null> {
    return this._changed;
  }

  get mode(): PanelMode {
    return this._mode;
  }

  /** The folder listed now; null in File mode. */
  get folder(): string | null {
    return this._mode === 'folder' ? this._folder : null;
  }

  setMode(mode: PanelMode): void {
    if (mode !== this._mode) {
      this._mode = mode;
      this._changed.emit(this.folder);
    }
  }

  /** The file browser moved to `path` (ignored when following the document). */
  setBrowserPath(path: string): void {
    if (this.source === 'browser') {
      this._setFolder(path);
    }
  }

  /** The page's document is now `path` (followed when the source is the document). */
  setDocumentPath(path: string): void {
    if (this.source === 'document') {
      this._setFolder(PathExt.dirname(normalizePath(path)));
    }
  }

  private _setFolder(path: string): void {
    const normalized = normalizePath(path);
    if (normalized === this._folder) {
      return;
    }
    this._folder = normalized;
    if (this._mode === 'folder') {
      this._changed.emit(this.folder);
    }
  }

  private _mode: PanelMode;
  private _folder: string;
  private _changed = new Signal<FolderSubject, string | null>(this);
}
