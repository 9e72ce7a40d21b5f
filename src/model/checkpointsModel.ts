import { VDomModel } from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import {
  ICheckpoint,
  ICheckpoints,
  ICheckpointSelection,
  IServerInfo,
  IStoreFigures,
  IUsage
} from '../tokens';
import { normalizePath } from '../paths';

/**
 * Filters the user set on the list.
 */
export interface ICheckpointFilters {
  failuresOnly: boolean;
  pinnedOnly: boolean;
  text: string;
}

/**
 * How full the retention limits are for the current document.
 */
export interface ILimitUsage {
  unpinned: number;
  pinned: number;
  maxUnpinned: number;
  maxPinned: number;
}

/**
 * The checkpoints of the current document: what the panel shows. No DOM.
 */
export class CheckpointsModel
  extends VDomModel
  implements ICheckpointSelection
{
  constructor(readonly service: ICheckpoints) {
    super();
    service.changed.connect((_, change) => {
      if (this._path !== null && change.path === this._path) {
        void this.refresh();
      } else if (change.type === 'cleanup') {
        // Any history may have shrunk: only the figures need asking again.
        void this._loadUsage(this._path);
      }
    });
    this._askServer();
  }

  /** True while the server could not say whether it has the server part (asked again every 5 s). */
  get serverUnknown(): boolean {
    return this._serverUnknown;
  }

  /** Path of the document the panel follows; null when no document is open. */
  get path(): string | null {
    return this._path;
  }

  /** Whether the server part is present (labels, pins, kinds, content). */
  get hasServerPart(): boolean {
    return this._serverInfo !== null;
  }

  get serverInfo(): IServerInfo | null {
    return this._serverInfo;
  }

  /** False until the server part's presence is known. */
  get ready(): boolean {
    return this._infoLoaded;
  }

  get loading(): boolean {
    return this._loading;
  }

  /** Last error of a refresh, shown in the panel. */
  get error(): string | null {
    return this._error;
  }

  /** All checkpoints, newest first. */
  get checkpoints(): readonly ICheckpoint[] {
    return this._checkpoints;
  }

  /** The checkpoints the filters let through, newest first. */
  get visible(): readonly ICheckpoint[] {
    const { failuresOnly, pinnedOnly, text } = this._filters;
    const needle = text.trim().toLocaleLowerCase();
    return this._checkpoints.filter(
      c =>
        (!failuresOnly || c.kind === 'failure') &&
        (!pinnedOnly || c.pinned) &&
        (!needle || c.label.toLocaleLowerCase().includes(needle))
    );
  }

  get filters(): Readonly<ICheckpointFilters> {
    return this._filters;
  }

  setFilters(filters: Partial<ICheckpointFilters>): void {
    this._filters = { ...this._filters, ...filters };
    this.stateChanged.emit();
  }

  /** Checkpoint highlighted in the list (e.g. opened from a link). */
  get selectedId(): string | null {
    return this._selectedId;
  }

  set selectedId(id: string | null) {
    if (id !== this._selectedId) {
      this._selectedId = id;
      this._selectionChanged.emit(id);
      this.stateChanged.emit();
    }
  }

  /** The selected checkpoint, when the list holds it. */
  get selected(): ICheckpoint | null {
    return this._selectedId === null
      ? null
      : (this.find(this._selectedId) ?? null);
  }

  /** Emitted with the new id whenever the selection changes. */
  get selectionChanged(): ISignal<this, string | null> {
    return this._selectionChanged;
  }

  /** Whether the panel lists the kept checkpoints of deleted files instead of the document's. */
  get showDeleted(): boolean {
    return this._showDeleted;
  }

  set showDeleted(value: boolean) {
    if (value !== this._showDeleted) {
      this._showDeleted = value;
      this.stateChanged.emit();
    }
  }

  /**
   * What the document's checkpoints take on disk; null until known, without the server part, or
   * when the server could not say (the figures are then left out, the list is not affected).
   */
  get fileBytes(): number | null {
    const file = this._usage?.file;
    return file && this._path !== null && this._usagePath === this._path
      ? file.bytes
      : null;
  }

  /** The whole store's figures: from the latest disk-use answer, else from the server's info. */
  get store(): IStoreFigures | null {
    return this._usage?.store ?? this._serverInfo?.store ?? null;
  }

  /** Retention usage; null against a stock server, which keeps one checkpoint. */
  get limits(): ILimitUsage | null {
    if (!this._serverInfo) {
      return null;
    }
    const pinned = this._checkpoints.filter(c => c.pinned).length;
    return {
      pinned,
      // A rollback record of a state another entry keeps takes no slot (`counted: false`).
      unpinned: this._checkpoints.filter(
        c => !c.pinned && c.kind !== 'legacy' && c.counted !== false
      ).length,
      maxPinned: this._serverInfo.limits.max_pinned,
      maxUnpinned: this._serverInfo.limits.max_unpinned
    };
  }

  private _askServer(): void {
    this.service.serverInfo.then(
      info => {
        this._serverInfo = info;
        this._infoLoaded = true;
        this._serverUnknown = false;
        this.stateChanged.emit();
        // The refresh that ran before the answer could not ask for the figures.
        if (info) {
          void this._loadUsage(this._path);
        }
      },
      () => {
        this._serverUnknown = true;
        this.stateChanged.emit();
        setTimeout(() => this._askServer(), 5000);
      }
    );
  }

  /** Whether the document's history was made by more than one person (the list then names them). */
  get manyAuthors(): boolean {
    return (
      new Set(this._checkpoints.map(c => c.author).filter(Boolean)).size > 1
    );
  }

  /** Follow another document (null: none open). */
  setPath(path: string | null): void {
    // The server's path: a shared document's context carries the collaboration drive's prefix.
    path = path === null ? null : normalizePath(path);
    if (path === this._path) {
      return;
    }
    this._path = path;
    this._checkpoints = [];
    this._error = null;
    this._usagePath = null;
    this.stateChanged.emit();
    void this.refresh();
  }

  /** Reload the list from the server. Stale answers (for a previous document) are dropped. */
  async refresh(): Promise<void> {
    const path = this._path;
    const request = ++this._request;
    if (path === null) {
      this._loading = false;
      this.stateChanged.emit();
      return;
    }
    this._loading = true;
    this.stateChanged.emit();
    void this._loadUsage(path);
    try {
      const list = await this.service.list(path);
      if (request !== this._request) {
        return;
      }
      this._checkpoints = [...list].reverse();
      this._error = null;
    } catch (reason) {
      if (request !== this._request) {
        return;
      }
      this._checkpoints = [];
      this._error = (reason as Error).message ?? String(reason);
    }
    this._loading = false;
    this.stateChanged.emit();
  }

  /**
   * Ask for the disk-use figures of `path` (the store's alone when null): one info request, whose
   * answer is dropped when a newer one was asked meanwhile. A failure leaves the figures out.
   */
  private async _loadUsage(path: string | null): Promise<void> {
    if (!this._serverInfo) {
      return;
    }
    const request = ++this._usageRequest;
    let usage: IUsage | null;
    try {
      usage = await this.service.fileUsage(path);
    } catch {
      usage = null;
    }
    if (request !== this._usageRequest) {
      return;
    }
    this._usage = usage;
    this._usagePath = usage ? path : null;
    this.stateChanged.emit();
  }

  find(id: string): ICheckpoint | undefined {
    return this._checkpoints.find(c => c.id === id);
  }

  private _path: string | null = null;
  private _checkpoints: ICheckpoint[] = [];
  private _filters: ICheckpointFilters = {
    failuresOnly: false,
    pinnedOnly: false,
    text: ''
  };
  private _serverInfo: IServerInfo | null = null;
  private _serverUnknown = false;
  private _infoLoaded = false;
  private _loading = false;
  private _error: string | null = null;
  private _selectedId: string | null = null;
  private _selectionChanged = new Signal<this, string | null>(this);
  private _showDeleted = false;
  private _request = 0;
  private _usage: IUsage | null = null;
  /** The path `_usage.file` was asked for. */
  private _usagePath: string | null = null;
  private _usageRequest = 0;
}
