import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { createViaApi, items, openPanel } from './helpers';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

test('panel screenshots in light and dark themes', async ({
  page,
  tmpPath
}) => {
  await page.notebook.createNew('analysis.ipynb');
  await page.notebook.setCell(0, 'code', 'df = load("sales.csv")');
  await page.notebook.save();
  const nb = `${tmpPath}/analysis.ipynb`;
  await createViaApi(page, nb, {
    kind: 'manual',
    label: 'Clean baseline',
    pinned: true
  });
  await createViaApi(page, nb, { kind: 'auto', label: 'Ran cells 1-4' });
  await createViaApi(page, nb, {
    kind: 'failure',
    label: 'ValueError in cell 5'
  });
  await createViaApi(page, nb, { kind: 'manual' });
  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(items(panel)).toHaveCount(5);
  await items(panel).nth(1).click();
  await page.setViewportSize({ width: 1200, height: 640 });
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-panel-light.png')
  });
  await page.theme.setDarkTheme();
  await expect(items(panel)).toHaveCount(5);
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-panel-dark.png')
  });
  await page.screenshot({ path: path.join(DOCS, 'screenshot-lab-dark.png') });
});
