import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import { normalizePath } from '../paths';
import { API_NAMESPACE } from './checkpointsClient';
import { CheckpointsError, requestJson } from './request';

/** How a folder checkpoint came to be. */
export type FolderCheckpointKind = 'manual' | 'automatic' | 'before-restore';

/** A file the server left out of a folder checkpoint, and why. */
export interface ISkippedFile {
  path: string;
  reason: string;
}

/** One checkpoint of a whole folder. */
export interface IFolderCheckpoint {
  id: string;
  /** ISO time of creation. */
  created: string;
  label: string;
  kind: FolderCheckpointKind;
  pinned: boolean;
  /** Number of files recorded. */
  files: number;
  /** Bytes recorded. */
  size: number;
  skipped: ISkippedFile[];
}

/** How a recorded file compares with the folder now. */
export type EntryStatus = 'unchanged' | 'changed' | 'deleted' | 'added';

/** A file of a folder checkpoint (or one created since, `added`). */
export interface IFolderEntry {
  /** Relative to the folder, "/"-separated. */
  path: string;
  type: 'file' | 'link';
  size: number;
  target?: string;
  status: EntryStatus;
}

/** A folder checkpoint with its files compared against now. */
export interface IFolderCheckpointDetail extends IFolderCheckpoint {
  entries: IFolderEntry[];
}

/** A recorded file's content: text, or base64 for binary files. */
export interface IRecordedFile {
  content: string;
  format: 'text' | 'base64';
}

export interface IFolderRestoreResult {
  restored: string[];
  /** The before-restore checkpoint of the folder (a whole-folder restore), else null. */
  kept: string | null;
  /** Files created since, left in place. */
  added: string[];
  trashed: string[];
  /** What the server wants said about the restore (e.g. an open document it could not reach). */
  warning: string | null;
}

/** A recorded link a new folder left out, and why (e.g. `link-outside-root`). */
export interface ISkippedLink {
  path: string;
  reason: string;
}

/** A checkpoint written as a new folder. */
export interface IExtractResult {
  /** The new folder. */
  path: string;
  /** Recorded links not re-created there. */
  skipped: ISkippedLink[];
}

/** What changed, for views that show a folder's checkpoints. */
export interface IFolderChange {
  path: string;
  type: 'created' | 'updated' | 'removed' | 'restored' | 'extracted';
}

const KINDS: FolderCheckpointKind[] = ['manual', 'automatic', 'before-restore'];

/** A folder checkpoint as the server sends it; odd fields become harmless defaults. */
export function toFolderCheckpoint(model: any): IFolderCheckpoint {
  const m = model ?? {};
  return {
    id: String(m.id),
    created: String(m.created),
    label: typeof m.label === 'string' ? m.label : '',
    kind: KINDS.includes(m.kind) ? m.kind : 'manual',
    pinned: m.pinned === true,
    files: typeof m.files === 'number' ? m.files : 0,
    size: typeof m.size === 'number' ? m.size : 0,
    skipped: Array.isArray(m.skipped)
      ? m.skipped.map((s: any) => ({
          path: String(s?.path),
          reason: String(s?.reason)
        }))
      : []
  };
}

/**
 * Talks to the server part's folder checkpoint routes: whole folders recorded at once, listed,
 * pinned and named, compared with now, restored file by file or as a whole, extracted and zipped.
 */
export class FoldersClient {
  constructor(options: { serverSettings?: ServerConnection.ISettings } = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
  }

  get changed(): ISignal<FoldersClient, IFolderChange> {
    return this._changed;
  }

  /** A folder's checkpoints, oldest first (as the server sends them). */
  async list(path: string): Promise<IFolderCheckpoint[]> {
    const answer = await this._request<{ checkpoints: unknown[] }>(
      this._url(null, null, { path }),
      { method: 'GET' }
    );
    return (answer?.checkpoints ?? []).map(toFolderCheckpoint);
  }

  async create(
    path: string,
    options: {
      label?: string;
      pinned?: boolean;
      kind?: 'manual' | 'automatic';
    } = {}
  ): Promise<IFolderCheckpoint> {
    const model = await this._request(this._url(null, null, { path }), {
      method: 'POST',
      body: JSON.stringify({
        kind: options.kind ?? 'manual',
        label: options.label ?? '',
        pinned: options.pinned ?? false
      })
    });
    this._emit(path, 'created');
    return toFolderCheckpoint(model);
  }

  async update(
    path: string,
    id: string,
    changes: { label?: string; pinned?: boolean }
  ): Promise<IFolderCheckpoint> {
    const model = await this._request(this._url(id, null, { path }), {
      method: 'PATCH',
      body: JSON.stringify(changes)
    });
    this._emit(path, 'updated');
    return toFolderCheckpoint(model);
  }

  async remove(path: string, id: string): Promise<void> {
    await this._request(this._url(id, null, { path }), { method: 'DELETE' });
    this._emit(path, 'removed');
  }

  /** A checkpoint with each file's status against the folder now. */
  async get(path: string, id: string): Promise<IFolderCheckpointDetail> {
    const model = await this._request<any>(this._url(id, null, { path }), {
      method: 'GET'
    });
    const entries: IFolderEntry[] = Array.isArray(model?.entries)
      ? model.entries.map((e: any) => ({
          path: String(e.path),
          type: e.type === 'link' ? 'link' : 'file',
          size: typeof e.size === 'number' ? e.size : 0,
          ...(typeof e.target === 'string' ? { target: e.target } : {}),
          status: ['changed', 'deleted', 'added'].includes(e.status)
            ? e.status
            : 'unchanged'
        }))
      : [];
    return { ...toFolderCheckpoint(model), entries };
  }

  /** One recorded file's content, for read-only views and comparisons. */
  async file(path: string, id: string, file: string): Promise<IRecordedFile> {
    const answer = await this._request<IRecordedFile>(
      this._url(id, 'file', { path, file, format: 'json' }),
      { method: 'GET' }
    );
    return {
      content: String(answer?.content ?? ''),
      format: answer?.format === 'base64' ? 'base64' : 'text'
    };
  }

  /**
   * Restore one file (`file`) or the whole folder. A whole-folder restore keeps a before-restore
   * checkpoint first; files created since stay unless `trashAdded`.
   */
  async restore(
    path: string,
    id: string,
    options: { file?: string; trashAdded?: boolean } = {}
  ): Promise<IFolderRestoreResult> {
    const body: { file?: string; trash_added?: boolean } = {};
    if (options.file !== undefined) {
      body.file = options.file;
    }
    if (options.trashAdded !== undefined) {
      body.trash_added = options.trashAdded;
    }
    const answer = await this._request<any>(
      this._url(id, 'restore', { path }),
      { method: 'POST', body: JSON.stringify(body) }
    );
    const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    this._emit(path, 'restored');
    return {
      restored: strings(answer?.restored),
      kept: typeof answer?.kept === 'string' ? answer.kept : null,
      added: strings(answer?.added),
      trashed: strings(answer?.trashed),
      warning: typeof answer?.warning === 'string' ? answer.warning : null
    };
  }

  /**
   * Write the checkpoint's files into a new folder `target`; the server refuses one that exists, and
   * re-creates only the links whose target stays inside its root (the others are `skipped`).
   */
  async extract(
    path: string,
    id: string,
    target: string
  ): Promise<IExtractResult> {
    const answer = await this._request<any>(
      this._url(id, 'extract', { path, target: normalizePath(target) }),
      { method: 'POST' }
    );
    this._emit(target, 'extracted');
    return {
      path: String(answer?.path ?? target),
      skipped: Array.isArray(answer?.skipped)
        ? answer.skipped.map((s: any) => ({
            path: String(s?.path),
            reason: String(s?.reason)
          }))
        : []
    };
  }

  /** The checkpoint as a zip archive, with the name the server gives it. */
  async zip(path: string, id: string): Promise<{ blob: Blob; name: string }> {
    const url = this._url(id, 'zip', { path });
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        { method: 'GET' },
        this._settings
      );
    } catch (error) {
      throw new CheckpointsError(`Cannot reach the server: ${error}`, 0);
    }
    if (!response.ok) {
      let message = response.statusText;
      try {
        message = JSON.parse(await response.text()).message || message;
      } catch {
        // Not JSON: the status says enough.
      }
      throw new CheckpointsError(message, response.status);
    }
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const name = match
      ? decodeURIComponent(match[1])
      : `${normalizePath(path).split('/').pop() || 'root'}-checkpoint.zip`;
    return { blob: await response.blob(), name };
  }

  /** The URL of the folder routes: the list, one checkpoint (`id`), or one of its sub-routes. */
  private _url(
    id: string | null,
    sub: 'file' | 'restore' | 'extract' | 'zip' | null,
    query: { [key: string]: string }
  ): string {
    const parts = [
      this._settings.baseUrl,
      API_NAMESPACE,
      'folders/checkpoints'
    ];
    if (id !== null) {
      // One path segment, whatever the id holds: a "/" in it must not reach another route.
      parts.push(encodeURIComponent(id));
    }
    if (sub) {
      parts.push(sub);
    }
    // Built by hand: an empty `path` (the root folder) is sent as `path=`, never dropped.
    const normalized = { ...query, path: normalizePath(query.path) };
    const search = Object.entries(normalized)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return `${URLExt.join(...parts)}?${search}`;
  }

  private _request<T = unknown>(url: string, init: RequestInit): Promise<T> {
    return requestJson<T>(url, init, this._settings);
  }

  private _emit(path: string, type: IFolderChange['type']): void {
    this._changed.emit({ path: normalizePath(path), type });
  }

  private _settings: ServerConnection.ISettings;
  private _changed = new Signal<FoldersClient, IFolderChange>(this);
}
