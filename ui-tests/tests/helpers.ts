import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { Locator } from '@playwright/test';

export const PANEL_ID = 'jp-checkpoints-panel';

/** The extension's plugins, all active in JupyterLab and in Notebook 7. */
export const PLUGIN_IDS = [
  'jupyterlab-checkpoints:auto',
  'jupyterlab-checkpoints:client',
  'jupyterlab-checkpoints:compare',
  'jupyterlab-checkpoints:panel'
];

/** Open the Checkpoints side panel and return it. */
export async function openPanel(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** The panel's checkpoint entries, newest first. */
export function items(panel: Locator): Locator {
  return panel.getByRole('option');
}

/** Create a checkpoint through the extension API (kind, label, pin) without the UI. */
export async function createViaApi(
  page: IJupyterLabPageFixture,
  path: string,
  body: { kind?: string; label?: string; pinned?: boolean }
): Promise<any> {
  return page.evaluate(
    async ({ path, body }) => {
      const app = (window as any).jupyterapp;
      const settings = app.serviceManager.serverSettings;
      const url = `${settings.baseUrl}jupyterlab-checkpoints/checkpoints?path=${encodeURIComponent(path)}`;
      const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: xsrf ? { 'X-XSRFToken': xsrf[1] } : {}
      });
      return response.json();
    },
    { path, body }
  );
}

/** The checkpoints of `path` as the contents API lists them (oldest first). */
export async function listViaApi(
  page: IJupyterLabPageFixture,
  path: string
): Promise<any[]> {
  return page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const settings = app.serviceManager.serverSettings;
    const response = await fetch(
      `${settings.baseUrl}api/contents/${path}/checkpoints`
    );
    return response.json();
  }, path);
}
