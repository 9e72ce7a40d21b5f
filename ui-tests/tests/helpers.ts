import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import { Locator } from '@playwright/test';

export const PANEL_ID = 'jp-checkpoints-panel';

/** The extension's plugins, all active in JupyterLab and in Notebook 7 (sorted). */
export const PLUGIN_IDS = [
  'jupyterlab-checkpoints:auto',
  'jupyterlab-checkpoints:client',
  'jupyterlab-checkpoints:compare',
  'jupyterlab-checkpoints:disk-sync',
  'jupyterlab-checkpoints:folders',
  'jupyterlab-checkpoints:history',
  'jupyterlab-checkpoints:panel',
  'jupyterlab-checkpoints:time-travel',
  'jupyterlab-checkpoints:variables'
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

/**
 * Write `path` as a notebook of one code cell holding `source`, through the contents API (as
 * another client would): a checkpoint created next holds this content, not what a page shows.
 */
export async function putNotebook(
  page: IJupyterLabPageFixture,
  path: string,
  source: string
): Promise<void> {
  const notebook = {
    cells: [
      {
        cell_type: 'code',
        id: 'cell-0',
        source,
        metadata: {},
        outputs: [],
        execution_count: null
      }
    ],
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3 (ipykernel)',
        language: 'python'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
  const status = await page.evaluate(
    async ({ path, notebook }) => {
      const app = (window as any).jupyterapp;
      const settings = app.serviceManager.serverSettings;
      const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
      const response = await fetch(`${settings.baseUrl}api/contents/${path}`, {
        method: 'PUT',
        body: JSON.stringify({
          type: 'notebook',
          format: 'json',
          content: notebook
        }),
        headers: xsrf ? { 'X-XSRFToken': xsrf[1] } : {}
      });
      return response.status;
    },
    { path, notebook }
  );
  if (status !== 200 && status !== 201) {
    throw new Error(`Cannot write ${path}: ${status}`);
  }
}

/** The content model of one checkpoint, read through the extension API. */
export async function checkpointContent(
  page: IJupyterLabPageFixture,
  path: string,
  id: string
): Promise<any> {
  return page.evaluate(
    async ({ path, id }) => {
      const app = (window as any).jupyterapp;
      const settings = app.serviceManager.serverSettings;
      const response = await fetch(
        `${settings.baseUrl}jupyterlab-checkpoints/checkpoints/${id}/content?path=${encodeURIComponent(path)}`
      );
      return response.json();
    },
    { path, id }
  );
}

/**
 * Wait until the current notebook's kernel has answered: JupyterLab then writes the kernel's
 * language and spec into the notebook's metadata, which changes its content.
 */
export async function kernelSettled(
  page: IJupyterLabPageFixture
): Promise<void> {
  await page.evaluate(async () => {
    const widget = (window as any).jupyterapp.shell.currentWidget;
    await widget.sessionContext.ready;
    const kernel = widget.sessionContext.session?.kernel;
    await kernel?.info;
    await kernel?.spec;
  });
}

/** Set one setting of one of the extension's plugins, as the Settings Editor would. */
export async function setPluginSetting(
  page: IJupyterLabPageFixture,
  plugin: string,
  key: string,
  value: unknown
): Promise<void> {
  await page.evaluate(
    async ({ plugin, key, value }) => {
      const settings = await (window as any).galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await settings.set(`jupyterlab-checkpoints:${plugin}`, key, value);
    },
    { plugin, key, value }
  );
}

/** Set one setting of the automatic checkpoints and autosave plugin. */
export async function setAutoSetting(
  page: IJupyterLabPageFixture,
  key: string,
  value: unknown
): Promise<void> {
  await setPluginSetting(page, 'auto', key, value);
}

/** A notebook file's JSON: code cells `cell-0`, `cell-1`... holding `sources` (a source, or a source
 * and its outputs). */
export function notebook(...sources: (string | [string, unknown[]])[]): string {
  return JSON.stringify({
    cells: sources.map((cell, i) => ({
      cell_type: 'code',
      id: `cell-${i}`,
      source: typeof cell === 'string' ? cell : cell[0],
      metadata: {},
      outputs: typeof cell === 'string' ? [] : cell[1],
      execution_count: null
    })),
    // A kernel named up front: no "Select Kernel" dialog in front of the views.
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
}

/** Open `path` in Notebook 7 (served under /notebooks) and wait until the app is restored. */
export async function openInNotebook7(
  page: IJupyterLabPageFixture,
  baseURL: string,
  path: string
): Promise<void> {
  // Galata's goto expects JupyterLab; Notebook 7 is a different app under /notebooks.
  await page.evaluate(
    (url: string) => window.location.assign(url),
    `${baseURL}/notebooks/${path}`
  );
  await page.waitForURL(/\/notebooks\//);
  await page.waitForFunction(
    () => (window as any).jupyterapp?.started !== undefined
  );
  await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    await app.started;
    await app.restored;
  });
}

/** "512 B", "1.5 KB": what the page's size formatter writes. */
export const SIZE = /\d+(\.\d)? (B|KB|MB|GB)/;

/** Set (or, with null, remove) the days after which Clean Up frees deleted files' histories. */
export async function setCleanupDays(
  page: IJupyterLabPageFixture,
  days: number | null
): Promise<void> {
  await page.evaluate(async days => {
    const registry = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    const [plugin, key] = [
      'jupyterlab-checkpoints:panel',
      'cleanupDeletedAfterDays'
    ];
    await (days === null
      ? registry.remove(plugin, key)
      : registry.set(plugin, key, days));
  }, days);
}

/** A notebook at `path` with two checkpoints ("first", "second"), then deleted: its history stays. */
export async function deletedWithTwoCheckpoints(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  await page.contents.uploadContent(notebook('a = 1'), 'text', path);
  await createViaApi(page, path, { label: 'first' });
  await page.contents.uploadContent(notebook('a = 2'), 'text', path);
  await createViaApi(page, path, { label: 'second' });
  await page.contents.deleteFile(path);
}

/** `proj/a.txt` and `proj/sub/b.txt` under `tmpPath`, shown in the file browser. */
export async function makeProject(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  await page.contents.uploadContent('v1\n', 'text', `${tmpPath}/proj/a.txt`);
  await page.contents.uploadContent(
    'inner\n',
    'text',
    `${tmpPath}/proj/sub/b.txt`
  );
  await page.filebrowser.refresh();
}

/** Checkpoint `tmpPath/proj` from the file browser's context menu, and see it said. */
export async function checkpointProjectFromBrowser(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  await page
    .locator('.jp-DirListing-item[data-isdir="true"]', { hasText: 'proj' })
    .click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Checkpoint Folder' }).click();
  await expect(
    page.getByText(`Folder checkpoint of ${tmpPath}/proj: 2 files recorded.`)
  ).toBeVisible();
}

/** Open `folder` in the file browser and the panel in Folder mode; the panel's locator. */
export async function openFolderMode(
  page: IJupyterLabPageFixture,
  folder: string
): Promise<Locator> {
  await page.filebrowser.openDirectory(folder);
  const panel = await openPanel(page);
  await panel.getByRole('radio', { name: 'Folder' }).click();
  return panel;
}
