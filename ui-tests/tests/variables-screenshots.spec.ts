// A fresh page per test (not ./fixtures' shared one):
// the README's pictures show a fresh page.
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { kernelSettled, listViaApi, openPanel } from './helpers';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

const SESSION = `import numpy as np
import pandas as pd
prices = np.random.default_rng(0).random(1_000_000)
sales = pd.DataFrame({"region": ["north", "south"] * 500, "amount": range(1000)})
config = {"currency": "EUR", "year": 2026}
rows = (r for r in sales.itertuples())`;

async function setSaveVariables(page: any, value: boolean): Promise<void> {
  await page.evaluate(async (value: boolean) => {
    const settings = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    await settings.set(
      'jupyterlab-checkpoints:variables',
      'saveVariables',
      value
    );
  }, value);
}

test('kernel variables screenshots (light theme)', async ({
  page,
  tmpPath
}) => {
  await setSaveVariables(page, true);
  await page.notebook.createNew('sales.ipynb');
  await kernelSettled(page);
  await page.notebook.setCell(0, 'code', SESSION);
  await page.notebook.run();
  await page.keyboard.press('Control+k');
  const nb = `${tmpPath}/sales.ipynb`;
  await expect
    .poll(
      async () =>
        (await listViaApi(page, nb)).some(
          c => c.kind === 'manual' && c.variables
        ),
      { timeout: 30000 }
    )
    .toBe(true);
  const entry = (await listViaApi(page, nb)).find(
    c => c.kind === 'manual' && c.variables
  );
  await page.setViewportSize({ width: 1200, height: 640 });
  // The notifications would cover the preview's tables.
  await page.addStyleTag({ content: '.Toastify { display: none; }' });
  const panel = await openPanel(page);
  const mark = panel.locator(
    `[data-checkpoint-id="${entry.id}"] .jp-checkpoints-variables`
  );
  await expect(mark).toContainText('variables ·');
  // Another entry selected: its actions, not this entry's, take the row's end.
  await panel
    .locator(`[data-checkpoint-id]:not([data-checkpoint-id="${entry.id}"])`)
    .first()
    .click();
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-variables-panel-light.png')
  });

  await page.evaluate(
    ({ path, id }) =>
      (window as any).jupyterapp.commands.execute('checkpoints:preview', {
        path,
        id
      }),
    { path: nb, id: entry.id }
  );
  const section = page.getByRole('region', { name: 'Saved kernel variables' });
  await expect(section.getByRole('table').first()).toBeVisible();
  await section.screenshot({
    path: path.join(DOCS, 'screenshot-variables-preview-light.png')
  });
  await setSaveVariables(page, false);
});
