import { ServerConnection } from '@jupyterlab/services';

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
 * Send a request and read the JSON the server answers (typed by the caller: it is the server
 * part's own API). A failure becomes a `CheckpointsError` with the server's message, so every
 * dialog shows why the server refused rather than a bare status.
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
      response.status
    );
  }
  return data as T;
}
