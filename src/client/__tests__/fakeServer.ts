import { ServerConnection } from '@jupyterlab/services';

/** A recorded request. */
export interface ICall {
  method: string;
  url: string;
  body: any;
}

type Handler = (call: ICall) => { status: number; body?: any };

class FakeHeaders {
  private _map = new Map<string, string>();
  append(k: string, v: string) {
    this._map.set(k.toLowerCase(), v);
  }
  set(k: string, v: string) {
    this._map.set(k.toLowerCase(), v);
  }
  has(k: string) {
    return this._map.has(k.toLowerCase());
  }
  get(k: string) {
    return this._map.get(k.toLowerCase()) ?? null;
  }
}

class FakeRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit
  ) {}
  readonly headers = new FakeHeaders();
}

/**
 * Server settings whose fetch answers from `handler` (the HTTP layer is the only part faked:
 * the client's own URL building, parsing and error handling run for real).
 */
export function fakeSettings(handler: Handler): {
  settings: ServerConnection.ISettings;
  calls: ICall[];
} {
  const calls: ICall[] = [];
  const fetch = async (request: FakeRequest) => {
    const raw = request.init.body;
    const call: ICall = {
      method: request.init.method ?? 'GET',
      // Drop the cache-busting timestamp ServerConnection appends for `cache: 'no-store'`.
      url: request.url.replace(/[?&]\d{13}$/, ''),
      body: raw
        ? JSON.parse(raw instanceof Blob ? await blobText(raw) : String(raw))
        : undefined
    };
    calls.push(call);
    const { status, body } = handler(call);
    const text = body === undefined ? '' : JSON.stringify(body);
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: `status ${status}`,
      text: async () => text
    };
  };
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/',
    // Stand-ins for the browser's classes: only what ServerConnection calls is implemented.
    fetch: fetch as unknown as ServerConnection.ISettings['fetch'],
    Request: FakeRequest as unknown as ServerConnection.ISettings['Request'],
    Headers: FakeHeaders as unknown as ServerConnection.ISettings['Headers']
  });
  return { settings, calls };
}

/** The text of a Blob (jsdom's Blob has no `text()`). */
export function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}
