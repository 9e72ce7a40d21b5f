import { ISignal, Signal } from '@lumino/signaling';
import { normalizePath } from '../paths';

/** What the Checkpoints panel shows: the current document's history, or a folder's. */
export type PanelMode = 'file' | 'folder';

/**
 * The panel's Folder/File switch. In File mode the panel follows the current document (as it always
 * did); in Folder mode it follows the file browser's current folder, as the user moves around.
 * `folder` is the folder whose checkpoints are listed: null in File mode, so that browsing in
 * File mode asks the server nothing.
 */
export class FolderSubject {
  constructor(mode: PanelMode = 'file', browserPath = '') {
    this._mode = mode;
    this._browserPath = normalizePath(browserPath);
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
    return this._mode === 'folder' ? this._browserPath : null;
  }

  setMode(mode: PanelMode): void {
    if (mode !== this._mode) {
      this._mode = mode;
      this._changed.emit(this.folder);
    }
  }

  /** The file browser moved to `path`. */
  setBrowserPath(path: string): void {
    const normalized = normalizePath(path);
    if (normalized === this._browserPath) {
      return;
    }
    this._browserPath = normalized;
    if (this._mode === 'folder') {
      this._changed.emit(this.folder);
    }
  }

  private _mode: PanelMode;
  private _browserPath: string;
  private _changed = new Signal<FolderSubject, string | null>(this);
}
