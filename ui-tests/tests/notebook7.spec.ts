// A fresh page per test (not ./fixtures' shared one):
// the test navigates to Notebook 7.
import { expect, test } from '@jupyterlab/galata';
import {
  items,
  listViaApi,
  PANEL_ID,
  PLUGIN_IDS,
  putNotebook
} from './helpers';

const NOTEBOOK = 'nb7.ipynb';

test('Notebook 7: the panel and Ctrl+K work', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const path = `${tmpPath}/${NOTEBOOK}`;
  await putNotebook(page, path, 'x = 1');
  // Galata's goto expects JupyterLab; Notebook 7 is a different app under /notebooks.
  await page.evaluate(
    url => window.location.assign(url),
    `${baseURL}/notebooks/${path}`
  );
  await page.waitForURL(/\/notebooks\//);
  await page.waitForFunction(
    () => (window as any).jupyterapp?.started !== undefined
  );
  const activated = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    await app.started;
    await app.restored;
    return {
      name: app.name,
      plugins: (app.listPlugins() as string[])
        .filter(id => id.startsWith('jupyterlab-checkpoints:'))
        .filter(id => app.isPluginActivated(id))
    };
  });
  expect(activated.name).toContain('Notebook');
  expect([...activated.plugins].sort()).toEqual(PLUGIN_IDS);

  // Ctrl+K from the notebook in command mode: a manual checkpoint, listed by the contents API.
  const cell = page.locator('.jp-Notebook .jp-Cell').first();
  await expect(cell).toContainText('x = 1');
  const manuals = async () =>
    (await listViaApi(page, path)).filter(c => c.kind === 'manual');
  expect(await manuals()).toHaveLength(0);
  await cell.locator('.jp-InputArea-editor').click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.jp-Notebook')).toHaveClass(
    /\bjp-mod-commandMode\b/
  );
  await page.keyboard.press('Control+k');
  await expect.poll(async () => (await manuals()).length).toBe(1);
  const [manual] = await manuals();

  // The side panel opens in Notebook 7 too and lists that checkpoint.
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('checkpoints:open-panel')
  );
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel).toBeVisible();
  await expect(panel.locator('.jp-checkpoints-document')).toHaveAttribute(
    'title',
    path
  );
  const entry = panel.locator(`[data-checkpoint-id="${manual.id}"]`);
  await expect(entry).toBeVisible();
  await expect(entry).toContainText('Manual');
  await expect(items(panel).first()).toHaveAttribute(
    'data-checkpoint-id',
    manual.id
  );
});
