import { ServerConnection } from '@jupyterlab/services';
import { CheckpointsError, requestJson, serverPartUrl } from './request';

/**
 * Waits before asking again when the server says the kernel is running a cell: the server hears a
 * kernel go idle through its own connection, a moment apart from the page (e.g. right after a run
 * or a restart). A kernel really running a cell still gets the refusal, about 1.4 s later.
 */
const BUSY_RETRY_MS = [200, 400, 800];

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
  constructor(
    options: {
      serverSettings?: ServerConnection.ISettings;
      busyRetryMs?: number[];
    } = {}
  ) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
    this._busyRetryMs = options.busyRetryMs ?? BUSY_RETRY_MS;
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

  private async _request<T>(
    method: 'GET' | 'POST',
    id: string,
    tail: string,
    query: { [key: string]: string }
  ): Promise<T> {
    const endpoint = `checkpoints/${encodeURIComponent(id)}/variables${tail}`;
    const url = serverPartUrl(this._settings, endpoint, query);
    for (const wait of [...this._busyRetryMs, null]) {
      try {
        return await requestJson<T>(url, { method }, this._settings);
      } catch (error) {
        const busy =
          error instanceof CheckpointsError &&
          error.status === 409 &&
          error.message.startsWith('the kernel is running a cell');
        if (!busy || wait === null) {
          throw error;
        }
        await new Promise(resolve => setTimeout(resolve, wait));
      }
    }
    throw new Error('unreachable');
  }

  private _settings: ServerConnection.ISettings;
  private _busyRetryMs: number[];
}
