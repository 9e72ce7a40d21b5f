// A fresh page per test (not ./fixtures' shared one):
// these tests reload and mock routes before the load.
import { expect, test } from '@jupyterlab/galata';
import { openPanel, PLUGIN_IDS } from './helpers';

/** The warning shown when the frontend and the server part differ in version. */
const VERSION_WARNING = /the server runs version .* and this page version/;

test('the extension loads and activates in JupyterLab @smoke', async ({
  page
}) => {
  const activated = await page.evaluate(ids => {
    const app = (window as any).jupyterapp;
    return ids.filter(id => app.isPluginActivated(id));
  }, PLUGIN_IDS);
  expect(activated).toEqual(PLUGIN_IDS);
});

test('frontend and server part come from one package: no version warning', async ({
  page
}) => {
  // The check runs once the server part answers `info`: wait for that answer after a reload.
  const info = page.waitForResponse(r =>
    new URL(r.url()).pathname.endsWith('/jupyterlab-checkpoints/info')
  );
  await page.reload();
  const response = await info;
  expect(response.status()).toBe(200);
  expect((await response.json()).version).toEqual(expect.any(String));

  // The panel's limits line is drawn from the same answer, after the check: once it shows, a
  // warning would have been raised.
  await page.notebook.createNew('version.ipynb');
  const panel = await openPanel(page);
  await expect(
    panel.getByText(/^\d+ of 10 unpinned, \d+ of 10 pinned$/)
  ).toBeVisible();
  // What the server keeps, from its tiers.
  await expect(
    panel.getByText(
      '10 recent · hourly for a day · daily for a month · weekly for 6 months'
    )
  ).toBeVisible();
  await expect(page.getByText(VERSION_WARNING)).toHaveCount(0);
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
  await expect(page.getByText(VERSION_WARNING)).toBeVisible();
});
