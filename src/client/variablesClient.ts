import { ServerConnection } from '@jupyterlab/services';
import { requestJson, serverPartUrl } from './request';

/** A variable saved with a checkpoint. */
export interface ISavedVariable {
  name: string;
  /** Its type, e.g. `numpy.ndarray`. */
  type: string;
  /** Bytes of its pickle. */
  size: number;
  hash: string;
}

/** What a checkpoint holds of its kernel's variables (the server's listing). */
export interface IVariablesListing {
  variables: ISavedVariable[];
  /** Modules, recorded as imports (`import numpy as np`). */
  modules: { name: string; import: string }[];
  /** Variables left out, each with the reason. */
  skipped: { name: string; type: string; reason: string }[];
  pickler: 'cloudpickle' | 'dill' | 'pickle';
  created: string | null;
  /** Bytes newly stored (a snapshot's answer only). */
  bytes_written?: number;
}

export interface IVariablesRestore {
  restored: string[];
  skipped: { name: string; reason: string }[];
}

/**
 * The server part's kernel variables routes: saving a notebook kernel's variables with a checkpoint,
 * listing them, loading them back into a running kernel. Errors are `CheckpointsError`s (409: the
 * kernel is running a cell, or saved bytes failed their hash check; 400: not an IPython kernel).
 */
export class VariablesClient {
  constructor(options: { serverSettings?: ServerConnection.ISettings } = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
  }

  /** Save the variables of kernel `kernelId` with checkpoint `id` of `path`. */
  snapshot(
    path: string,
    id: string,
    kernelId: string
  ): Promise<IVariablesListing> {
    return this._request('POST', id, '', { path, kernel: kernelId });
  }

  /** The variables saved with a checkpoint; null when it has none. */
  async list(path: string, id: string): Promise<IVariablesListing | null> {
    try {
      return await this._request<IVariablesListing>('GET', id, '', { path });
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        return null;
      }
      throw error;
    }
  }

  /** Load a checkpoint's saved variables into kernel `kernelId`. */
  restore(
    path: string,
    id: string,
    kernelId: string
  ): Promise<IVariablesRestore> {
    return this._request('POST', id, '/restore', { path, kernel: kernelId });
  }

  private _request<T>(
    method: 'GET' | 'POST',
    id: string,
    tail: string,
    query: { [key: string]: string }
  ): Promise<T> {
    const endpoint = `checkpoints/${encodeURIComponent(id)}/variables${tail}`;
    return requestJson<T>(
      serverPartUrl(this._settings, endpoint, query),
      { method },
      this._settings
    );
  }

  private _settings: ServerConnection.ISettings;
}
