import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { createViaApi, items, listViaApi, openPanel } from './helpers';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

/** A history to show: each step edits the notebook, saves it, and checkpoints it. */
const STEPS: { source: string; body: Parameters<typeof createViaApi>[2] }[] = [
  {
    source: 'df = load("sales.csv")',
    body: { kind: 'manual', label: 'Clean baseline', pinned: true }
  },
  {
    source: 'df = clean(load("sales.csv"))',
    body: { kind: 'auto', label: 'Ran cells 1-4' }
  },
  {
    source: 'df = clean(load("sales.csv"), strict=True)',
    body: { kind: 'failure', label: 'ValueError in cell 5' }
  },
  {
    source: 'df = clean(load("sales.csv"))\nreport(df)',
    body: { kind: 'manual' }
  }
];

test('panel screenshots in light and dark themes', async ({
  page,
  tmpPath
}) => {
  await page.notebook.createNew('analysis.ipynb');
  const nb = `${tmpPath}/analysis.ipynb`;
  // The server keeps one entry per content: every checkpoint here holds another version.
  for (const step of STEPS) {
    await page.notebook.setCell(0, 'code', step.source);
    await page.notebook.save();
    await createViaApi(page, nb, step.body);
  }
  const kept = (await listViaApi(page, nb)).length;
  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(items(panel)).toHaveCount(kept);
  await items(panel).nth(1).click();
  await page.setViewportSize({ width: 1200, height: 640 });
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-panel-light.png')
  });
  await page.theme.setDarkTheme();
  await expect(items(panel)).toHaveCount(kept);
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-panel-dark.png')
  });
  await page.screenshot({ path: path.join(DOCS, 'screenshot-lab-dark.png') });
});
