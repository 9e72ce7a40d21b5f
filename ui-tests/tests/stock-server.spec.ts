// A fresh page per test (not ./fixtures' shared one):
// the stock server's project has one test.
import { expect, test } from '@jupyterlab/galata';
import { items, listViaApi, openPanel } from './helpers';

test('against a stock server the panel keeps one checkpoint and hides pin and rename', async ({
  page,
  tmpPath
}) => {
  const info = await page.evaluate(async () => {
    const base = (window as any).jupyterapp.serviceManager.serverSettings
      .baseUrl;
    return (await fetch(`${base}jupyterlab-checkpoints/info`)).status;
  });
  expect(info).toBe(404);

  await page.notebook.createNew('stock.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  const panel = await openPanel(page);
  await page.notebook.selectCells(0);
  await page.keyboard.press('Control+k');
  await expect(page.getByText(/Checkpoint created/)).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(items(panel)).toHaveCount(1);
  expect(await listViaApi(page, `${tmpPath}/stock.ipynb`)).toHaveLength(1);

  const entry = items(panel).first();
  await entry.hover();
  await expect(entry.getByRole('button', { name: 'Restore' })).toBeVisible();
  await expect(entry.getByRole('button', { name: 'Pin' })).toHaveCount(0);
  await expect(entry.getByRole('button', { name: 'Rename' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Pinned only' })).toHaveCount(
    0
  );
  await expect(panel.getByText(/keeps one checkpoint per file/)).toBeVisible();
  await expect(
    panel.getByText(/Automatic checkpoints are off here/)
  ).toBeVisible();

  // Unsaved edits: the restore would keep no copy of them, so it asks first.
  await page.notebook.setCell(0, 'code', 'x = 2  # unsaved');
  await entry.hover();
  await entry.getByRole('button', { name: 'Restore', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('keeps no copy');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await page.notebook.getCellTextInput(0)).toBe('x = 2  # unsaved');

  // "Save a Copy First": the edits go to a new file, then the restore happens.
  await entry.hover();
  await entry.getByRole('button', { name: 'Restore', exact: true }).click();
  await dialog.getByRole('button', { name: 'Save a Copy First' }).click();
  await expect.poll(() => page.notebook.getCellTextInput(0)).toBe('x = 1');
  const copy = await page.evaluate(
    async p =>
      JSON.stringify(
        (await (window as any).jupyterapp.serviceManager.contents.get(p))
          .content
      ),
    `${tmpPath}/stock (unsaved changes).ipynb`
  );
  expect(copy).toContain('x = 2  # unsaved');

  // Delete is in the entry's menu (and on the Delete key), not on the row.
  await entry.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(items(panel)).toHaveCount(0);
});

test('against a stock server there is no history search, and cell history says why', async ({
  page
}) => {
  await page.notebook.createNew('stock-history.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  const panel = await openPanel(page);
  await expect(panel.getByText(/keeps one checkpoint per file/)).toBeVisible();
  await expect(
    panel.getByRole('searchbox', {
      name: 'Search the contents of all checkpoints'
    })
  ).toHaveCount(0);

  await page.notebook.selectCells(0);
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('checkpoints:cell-history')
  );
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Cannot show the history of the cell');
  await expect(dialog).toContainText(/keeps one checkpoint per file/);
});
