import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import { normalizePath } from '../paths';
import {
  ICheckpoint,
  ICheckpointContent,
  ICleanupPlan,
  ICleanupResult,
  ICheckpoints,
  ICheckpointsChange,
  ICreateOptions,
  IDeletedFile,
  IRestoreOptions,
  IRestoreResult,
  IServerInfo,
  IUsage
} from '../tokens';
import { PathQueue } from './pathQueue';
import { CheckpointsError, requestJson, serverPartUrl } from './request';
import {
  IServerCheckpoint,
  IServerDeletedFile,
  IServerRestore,
  toCheckpoint,
  toCleanupPlan,
  toCleanupResult,
  toDeletedFile,
  toRestoreResult,
  toUsage
} from './parse';

// Other modules and tests read server models through the client, as before the readers moved.
export { toCheckpoint } from './parse';
export { CheckpointsError } from './request';

export { API_NAMESPACE } from './request';

/** Waits before asking `/info` again after an error that says nothing about the server part. */
const INFO_RETRY_MS = [300, 1000, 3000];

/** The server's bound on a clean-up's number of days. */
const MAX_CLEANUP_DAYS = 100000;

/**
 * Talks to the stock contents API (any Jupyter server) and to the server part when present.
 */
export class CheckpointsClient implements ICheckpoints {
  constructor(options: CheckpointsClient.IOptions = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
    this._retryMs = options.infoRetryMs ?? INFO_RETRY_MS;
    void this.serverInfo.catch(() => undefined);
  }

  get serverInfo(): Promise<IServerInfo | null> {
    if (!this._info) {
      const asked = this._fetchInfo();
      this._info = asked;
      // Unknown is not an answer: forget it, so that the next read asks again.
      asked.catch(() => {
        if (this._info === asked) {
          this._info = null;
        }
      });
    }
    return this._info;
  }

  runExclusive<T>(path: string, task: () => Promise<T>): Promise<T> {
    return this._queue.run(path, task);
  }

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
        { method: 'POST', body: createBody(options) }
      );
    } else if (options.from) {
      throw new CheckpointsError(
        'Checkpoints of what the page holds need the jupyterlab_checkpoints server extension.',
        501
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

  async restore(
    path: string,
    id: string,
    options: IRestoreOptions = {}
  ): Promise<IRestoreResult> {
    const info = await this.serverInfo;
    let result: IRestoreResult;
    if (info) {
      const answer = await this._request<IServerRestore>(
        this._extensionUrl(`checkpoints/${encodeURIComponent(id)}/restore`, {
          path
        }),
        {
          method: 'POST',
          body: JSON.stringify({
            before_label: options.beforeLabel ?? null,
            rollback_label: options.rollbackLabel ?? null
          })
        }
      );
      result = toRestoreResult(answer);
    } else {
      await this._request(this._contentsUrl(path, id), { method: 'POST' });
      const checkpoints = await this.list(path);
      result = {
        restored: checkpoints.find(c => c.id === id) ?? null,
        kept: null,
        rollback: null,
        warning: null,
        checkpoints
      };
    }
    this._changed.emit({ path: normalizePath(path), type: 'restored' });
    return result;
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
    return entries.map(toDeletedFile);
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

  /** The store's disk use and, for a path, its history's: one `GET info?path=` request. */
  async fileUsage(path: string | null): Promise<IUsage> {
    await this._requireServerPart();
    const url = this._extensionUrl('info', path === null ? {} : { path });
    return toUsage(await this._request(url, { method: 'GET' }));
  }

  /** What a clean-up would free; changes nothing. */
  async cleanupPlan(
    olderThanDays: number | null = null
  ): Promise<ICleanupPlan> {
    await this._requireServerPart();
    const days = checkDays(olderThanDays);
    const url = this._extensionUrl(
      'cleanup',
      days === null ? {} : { deleted_older_than_days: String(days) }
    );
    return toCleanupPlan(await this._request(url, { method: 'GET' }));
  }

  /** Free what `cleanupPlan` describes, then tell listeners the store changed. */
  async cleanUp(olderThanDays: number | null = null): Promise<ICleanupResult> {
    await this._requireServerPart();
    const days = checkDays(olderThanDays);
    const answer = await this._request(this._extensionUrl('cleanup'), {
      method: 'POST',
      body: JSON.stringify({ deleted_older_than_days: days })
    });
    this._changed.emit({ path: '', type: 'cleanup' });
    return toCleanupResult(answer);
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

  /**
   * The server part's info; null only on a 404 (a server without it). Other failures (no network,
   * a 5xx while the server starts) are retried, then reported as unknown: guessing "stock" would
   * turn every restore into one that keeps nothing.
   */
  private async _fetchInfo(): Promise<IServerInfo | null> {
    let last: unknown = null;
    for (let attempt = 0; attempt <= this._retryMs.length; attempt++) {
      if (attempt > 0) {
        await new Promise(resolve =>
          setTimeout(resolve, this._retryMs[attempt - 1])
        );
      }
      try {
        return await this._request<IServerInfo>(this._extensionUrl('info'), {
          method: 'GET'
        });
      } catch (reason) {
        if (reason instanceof CheckpointsError && reason.status === 404) {
          return null;
        }
        last = reason;
      }
    }
    throw new CheckpointsError(
      `Cannot tell whether the server keeps many checkpoints (${
        last instanceof Error ? last.message : String(last)
      }); nothing was changed. Try again in a moment.`,
      503
    );
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

  /** A URL of the server part; a `path` in `query` is normalised. */
  private _extensionUrl(
    endpoint: string,
    query: { [key: string]: string } = {}
  ): string {
    return serverPartUrl(this._settings, endpoint, query);
  }

  /** The JSON the server answers (typed by the caller: it is the server part's own API). */
  private _request<T = unknown>(url: string, init: RequestInit): Promise<T> {
    return requestJson<T>(url, init, this._settings);
  }

  private _settings: ServerConnection.ISettings;
  private _info: Promise<IServerInfo | null> | null = null;
  private _retryMs: number[];
  private _queue = new PathQueue();
  private _changed = new Signal<ICheckpoints, ICheckpointsChange>(this);
}

export namespace CheckpointsClient {
  export interface IOptions {
    serverSettings?: ServerConnection.ISettings;
    /** Waits between `/info` attempts after errors (tests pass short ones). */
    infoRetryMs?: number[];
  }
}

/**
 * The days of a clean-up, checked before asking: JSON turns NaN into null, which would silently
 * mean "leave deleted files alone".
 */
function checkDays(days: number | null): number | null {
  if (days === null) {
    return null;
  }
  if (!Number.isFinite(days) || days < 0 || days > MAX_CLEANUP_DAYS) {
    throw new CheckpointsError(
      `The number of days must be between 0 and ${MAX_CLEANUP_DAYS}, not ${days}.`,
      400
    );
  }
  return days;
}

/**
 * The body of a create. A page's document or delta is already serialised: it is spliced in, not
 * parsed and stringified again (a document stays a Blob).
 */
function createBody(options: ICreateOptions): string | Blob {
  const fields = JSON.stringify({
    kind: options.kind ?? 'manual',
    label: options.label ?? '',
    pinned: options.pinned ?? false
  });
  const from = options.from;
  if (!from) {
    return fields;
  }
  const head = fields.slice(0, -1);
  return 'document' in from
    ? new Blob([`${head},"document":{"content":`, from.document, '}}'])
    : `${head},"delta":${from.delta}}`;
}
