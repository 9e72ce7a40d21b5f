import { expect, test } from '@jupyterlab/galata';
import { PLUGIN_IDS } from './helpers';

const NOTEBOOK = 'nb7.ipynb';

test('the extension activates in Jupyter Notebook 7', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  await page.contents.uploadContent(
    JSON.stringify(notebook),
    'text',
    `${tmpPath}/${NOTEBOOK}`
  );
  // Galata's own goto expects JupyterLab; Notebook 7 is a different app under /notebooks.
  await page.evaluate(
    url => window.location.assign(url),
    `${baseURL}/notebooks/${tmpPath}/${NOTEBOOK}`
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
});
