import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import { isCheckpointKind } from '../kinds';
import { normalizePath } from '../paths';
import {
  ICheckpoint,
  ICheckpointContent,
  ICheckpoints,
  ICheckpointsChange,
  ICreateOptions,
  IDeletedFile,
  IServerInfo
} from '../tokens';

/** The REST namespace of the server part. */
export const API_NAMESPACE = 'jupyterlab-checkpoints';

/** A checkpoint as the contents API (id, last_modified) and the server part (the rest) send it. */
interface IServerCheckpoint {
  id: unknown;
  last_modified: unknown;
  label?: unknown;
  kind?: unknown;
  pinned?: unknown;
  size?: unknown;
}

/** A deleted file's kept checkpoints as the server part sends them. */
interface IServerDeletedFile {
  path: string;
  deleted: string;
  expires: string;
  checkpoints: IServerCheckpoint[];
}

/**
 * An error from the server, carrying its status and the server's own message.
 */
export class CheckpointsError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
  }
}

/**
 * Talks to the stock contents API (any Jupyter server) and to the server part when present.
 */
export class CheckpointsClient implements ICheckpoints {
  constructor(options: CheckpointsClient.IOptions = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
    this.serverInfo = this._fetchInfo();
  }

  readonly serverInfo: Promise<IServerInfo | null>;

  get changed(): ISignal<ICheckpoints, ICheckpointsChange> {
    return this._changed;
  }

  async list(path: string): Promise<ICheckpoint[]> {
    const models = await this._request<IServerCheckpoint[]>(
      this._contentsUrl(path),
      { method: 'GET' }
    );
    return models.map(toCheckpoint);
  }

  async create(
    path: string,
    options: ICreateOptions = {}
  ): Promise<ICheckpoint> {
    const info = await this.serverInfo;
    let model: IServerCheckpoint;
    if (info) {
      model = await this._request<IServerCheckpoint>(
        this._extensionUrl('checkpoints', { path }),
        {
          method: 'POST',
          body: JSON.stringify({
            kind: options.kind ?? 'manual',
            label: options.label ?? '',
            pinned: options.pinned ?? false
          })
        }
      );
    } else {
      // A stock server ignores kind and label, and keeps one checkpoint.
      model = await this._request<IServerCheckpoint>(this._contentsUrl(path), {
        method: 'POST'
      });
    }
    const checkpoint = toCheckpoint(model);
    this._changed.emit({
      path: normalizePath(path),
      type: 'created',
      checkpoint
    });
    return checkpoint;
  }

  async restore(path: string, id: string): Promise<void> {
    await this._request(this._contentsUrl(path, id), { method: 'POST' });
    this._changed.emit({ path: normalizePath(path), type: 'restored' });
  }

  async remove(path: string, id: string): Promise<void> {
    await this._request(this._contentsUrl(path, id), { method: 'DELETE' });
    this._changed.emit({ path: normalizePath(path), type: 'deleted' });
  }

  async update(
    path: string,
    id: string,
    patch: { label?: string; pinned?: boolean }
  ): Promise<ICheckpoint> {
    await this._requireServerPart();
    const model = await this._request<IServerCheckpoint>(
      this._extensionUrl(`checkpoints/${encodeURIComponent(id)}`, { path }),
      { method: 'PATCH', body: JSON.stringify(patch) }
    );
    const checkpoint = toCheckpoint(model);
    this._changed.emit({
      path: normalizePath(path),
      type: 'updated',
      checkpoint
    });
    return checkpoint;
  }

  async getContent(path: string, id: string): Promise<ICheckpointContent> {
    await this._requireServerPart();
    const model = await this._request<
      Omit<ICheckpointContent, 'checkpoint'> & { checkpoint: IServerCheckpoint }
    >(
      this._extensionUrl(`checkpoints/${encodeURIComponent(id)}/content`, {
        path
      }),
      { method: 'GET' }
    );
    return { ...model, checkpoint: toCheckpoint(model.checkpoint) };
  }

  /** Checkpoints kept for deleted files, newest deletion first. */
  async listDeleted(): Promise<IDeletedFile[]> {
    await this._requireServerPart();
    const entries = await this._request<IServerDeletedFile[]>(
      this._extensionUrl('deleted'),
      { method: 'GET' }
    );
    return entries.map(e => ({
      path: e.path,
      deleted: e.deleted,
      expires: e.expires,
      checkpoints: e.checkpoints.map(toCheckpoint)
    }));
  }

  /** Recreate a deleted file from one of its checkpoints; resolves to the new file's path. */
  async restoreDeleted(
    path: string,
    id: string,
    target?: string
  ): Promise<string> {
    await this._requireServerPart();
    const model = await this._request<{ path: string }>(
      this._extensionUrl('deleted/restore'),
      {
        method: 'POST',
        body: JSON.stringify(target ? { path, id, target } : { path, id })
      }
    );
    this._changed.emit({ path: model.path, type: 'refresh' });
    return model.path;
  }

  notifyChanged(path: string): void {
    this._changed.emit({ path: normalizePath(path), type: 'refresh' });
  }

  private async _requireServerPart(): Promise<IServerInfo> {
    const info = await this.serverInfo;
    if (!info) {
      throw new CheckpointsError(
        'This needs the jupyterlab_checkpoints server extension, which this server does not have.',
        501
      );
    }
    return info;
  }

  private async _fetchInfo(): Promise<IServerInfo | null> {
    try {
      return await this._request<IServerInfo>(this._extensionUrl('info'), {
        method: 'GET'
      });
    } catch (reason) {
      if (reason instanceof CheckpointsError && reason.status === 404) {
        return null;
      }
      console.warn('jupyterlab-checkpoints: server part not reachable', reason);
      return null;
    }
  }

  private _contentsUrl(path: string, id?: string): string {
    const parts = [
      this._settings.baseUrl,
      'api/contents',
      URLExt.encodeParts(normalizePath(path)),
      'checkpoints'
    ];
    if (id) {
      parts.push(encodeURIComponent(id));
    }
    return URLExt.join(...parts);
  }

  private _extensionUrl(endpoint: string, query?: { path: string }): string {
    const url = URLExt.join(this._settings.baseUrl, API_NAMESPACE, endpoint);
    return query
      ? url + URLExt.objectToQueryString({ path: normalizePath(query.path) })
      : url;
  }

  /** The JSON the server answers (typed by the caller: it is the server part's own API). */
  private async _request<T = unknown>(
    url: string,
    init: RequestInit
  ): Promise<T> {
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(url, init, this._settings);
    } catch (error) {
      throw new CheckpointsError(`Cannot reach the server: ${error}`, 0);
    }
    const text = await response.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const { message, reason } = (data ?? {}) as {
        message?: string;
        reason?: string;
      };
      throw new CheckpointsError(
        message || reason || response.statusText,
        response.status
      );
    }
    return data as T;
  }

  private _settings: ServerConnection.ISettings;
  private _changed = new Signal<ICheckpoints, ICheckpointsChange>(this);
}

export namespace CheckpointsClient {
  export interface IOptions {
    serverSettings?: ServerConnection.ISettings;
  }
}

/** Map a server model (stock or extended) to a checkpoint. */
export function toCheckpoint(model: IServerCheckpoint): ICheckpoint {
  const kind = isCheckpointKind(model.kind) ? model.kind : 'save';
  return {
    id: String(model.id),
    lastModified: String(model.last_modified),
    label: typeof model.label === 'string' ? model.label : '',
    kind,
    pinned: model.pinned === true,
    size: typeof model.size === 'number' ? model.size : null
  };
}
