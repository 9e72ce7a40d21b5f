import { expect, test } from '@jupyterlab/galata';
import { PLUGIN_IDS } from './helpers';

test('the extension loads and activates in JupyterLab', async ({ page }) => {
  const activated = await page.evaluate(ids => {
    const app = (window as any).jupyterapp;
    return ids.filter(id => app.isPluginActivated(id));
  }, PLUGIN_IDS);
  expect(activated).toEqual(PLUGIN_IDS);
  // Frontend and server part come from one package: no version warning.
  await expect(
    page.locator('.Toastify').getByText(/server runs version/)
  ).toHaveCount(0);
});

test('a server part of another version is reported', async ({ page }) => {
  await page.route('**/jupyterlab-checkpoints/info*', async route => {
    const response = await route.fetch();
    const info = await response.json();
    await route.fulfill({ response, json: { ...info, version: '0.0.1' } });
  });
  await page.reload();
  await expect(
    page.getByText(/the server runs version 0\.0\.1 and this page version \d/)
  ).toBeVisible();
});
