import { VDomModel } from '@jupyterlab/ui-components';
import { FoldersClient, IFolderCheckpoint } from '../client/foldersClient';
import { normalizePath } from '../paths';

/**
 * The checkpoints of one folder, newest first: what the panel lists in Folder mode. No DOM.
 */
export class FolderCheckpointsModel extends VDomModel {
  constructor(readonly client: FoldersClient) {
    super();
    client.changed.connect((_, change) => {
      if (this._path !== null && change.path === this._path) {
        void this.refresh();
      }
    });
  }

  /** The folder listed; null when none is (File mode). */
  get path(): string | null {
    return this._path;
  }

  get checkpoints(): readonly IFolderCheckpoint[] {
    return this._checkpoints;
  }

  get loading(): boolean {
    return this._loading;
  }

  get error(): string | null {
    return this._error;
  }

  get selectedId(): string | null {
    return this._selectedId;
  }

  set selectedId(id: string | null) {
    if (id !== this._selectedId) {
      this._selectedId = id;
      this.stateChanged.emit();
    }
  }

  setPath(path: string | null): void {
    const normalized = path === null ? null : normalizePath(path);
    if (normalized === this._path) {
      return;
    }
    this._path = normalized;
    this._checkpoints = [];
    this._selectedId = null;
    this._error = null;
    this.stateChanged.emit();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const path = this._path;
    if (path === null) {
      return;
    }
    this._loading = true;
    this.stateChanged.emit();
    try {
      const list = await this.client.list(path);
      if (path !== this._path) {
        return; // The panel moved on while this answer travelled.
      }
      this._checkpoints = list.slice().reverse();
      this._error = null;
    } catch (reason) {
      if (path !== this._path) {
        return;
      }
      this._checkpoints = [];
      this._error = reason instanceof Error ? reason.message : String(reason);
    } finally {
      if (path === this._path) {
        this._loading = false;
        this.stateChanged.emit();
      }
    }
  }

  private _path: string | null = null;
  private _checkpoints: IFolderCheckpoint[] = [];
  private _loading = false;
  private _error: string | null = null;
  private _selectedId: string | null = null;
}
