import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { normalizePath } from '../paths';

/** The REST namespace of the server part. */
export const API_NAMESPACE = 'jupyterlab-checkpoints';

/** A URL of the server part; a `path` in `query` is normalised. */
export function serverPartUrl(
  settings: ServerConnection.ISettings,
  endpoint: string,
  query: { [key: string]: string } = {}
): string {
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, endpoint);
  if ('path' in query) {
    query = { ...query, path: normalizePath(query.path) };
  }
  return Object.keys(query).length
    ? url + URLExt.objectToQueryString(query)
    : url;
}

/**
 * An error from the server, carrying its status and the server's own message.
 */
export class CheckpointsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The server's machine-readable reason, when it gives one (e.g. `no-base` on a 409). */
    readonly reason: string | null = null
  ) {
    super(message);
  }
}

/**
 * One request to a Jupyter server, answered with its JSON (typed by the caller). A failure throws a
 * `CheckpointsError` carrying the status and the server's own message (status 0: no answer).
 */
export async function requestJson<T = unknown>(
  url: string,
  init: RequestInit,
  settings: ServerConnection.ISettings
): Promise<T> {
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
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
      response.status,
      typeof reason === 'string' ? reason : null
    );
  }
  return data as T;
}
