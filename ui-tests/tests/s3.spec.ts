import { expect, test } from '@jupyterlab/galata';
import { createViaApi, openPanel } from './helpers';

/**
 * Run by the `s3` project only (its server keeps the store in a bucket of moto's S3 server), beside
 * the smoke tests: the store the page talks to is the bucket, not a folder.
 */
test('the smoke tests of this project run against a store on S3', async ({
  page
}) => {
  const root = await page.evaluate(async () => {
    const settings = (window as any).jupyterapp.serviceManager.serverSettings;
    const response = await fetch(
      `${settings.baseUrl}jupyterlab-checkpoints/info`,
      { headers: { Authorization: `token ${settings.token}` } }
    );
    return (await response.json()).store.root as string;
  });
  expect(root).toMatch(/^s3:\/\/ui-tests-[0-9a-f]+\/store$/);
});

const SIZE = /\d+(\.\d)? (B|KB|MB|GB)/;

test('the panel shows the file figure and Clean Up frees a deleted history on S3', async ({
  page,
  tmpPath
}) => {
  const nb = (source: string) =>
    JSON.stringify({
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
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    });
  const gone = `${tmpPath}/gone.ipynb`;
  await page.contents.uploadContent(nb('a = 1'), 'text', gone);
  await createViaApi(page, gone, { label: 'first' });
  await page.contents.uploadContent(nb('a = 2'), 'text', gone);
  await createViaApi(page, gone, { label: 'second' });
  await page.contents.deleteFile(gone);

  // This file's figure comes from its index object; the bucket's total is not listed on this path.
  await page.notebook.createNew('open.ipynb');
  await page.notebook.setCell(0, 'code', 'b = 1');
  await page.notebook.save();
  const panel = await openPanel(page);
  await page.notebook.selectCells(0);
  await page.keyboard.press('Control+k');
  await expect(
    panel.getByText(new RegExp(`^This file's history: ${SIZE.source}$`))
  ).toBeVisible();

  await page.evaluate(async () => {
    const registry = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    await registry.set(
      'jupyterlab-checkpoints:panel',
      'cleanupDeletedAfterDays',
      0
    );
  });
  void page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('checkpoints:clean-up')
  );
  const dialog = page.getByRole('dialog');
  const row = dialog.getByRole('row').filter({ hasText: gone });
  await expect(row).toContainText('2 checkpoints');
  await expect(row.getByRole('cell')).toHaveText(SIZE);
  const total = dialog.getByRole('row', { name: /^Total/ });
  const amount = await total.getByRole('cell').textContent();
  await dialog.getByRole('button', { name: `Free ${amount}` }).click();
  await expect(
    page.getByText(new RegExp(`^Freed ${SIZE.source}$`))
  ).toBeVisible();
  await page.evaluate(async () => {
    const registry = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    await registry.remove(
      'jupyterlab-checkpoints:panel',
      'cleanupDeletedAfterDays'
    );
  });
});
