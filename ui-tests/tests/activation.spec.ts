import { expect, test } from '@jupyterlab/galata';

test('the extension loads and activates in JupyterLab', async ({ page }) => {
  const activated = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    return app.isPluginActivated('jupyterlab-checkpoints:plugin');
  });
  expect(activated).toBe(true);
});
