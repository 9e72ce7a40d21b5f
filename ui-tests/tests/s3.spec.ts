import { expect, test } from './fixtures';
import {
  checkpointProjectFromBrowser,
  deletedWithTwoCheckpoints,
  makeProject,
  openFolderMode,
  openPanel,
  setCleanupDays,
  SIZE
} from './helpers';

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

test('a folder checkpoint from the file browser goes to the bucket and lists in the panel', async ({
  page,
  tmpPath
}) => {
  await makeProject(page, tmpPath);
  await checkpointProjectFromBrowser(page, tmpPath);

  // The panel in Folder mode lists it, and its preview marks a file changed since.
  await page.contents.uploadContent('v2\n', 'text', `${tmpPath}/proj/a.txt`);
  const panel = await openFolderMode(page, `${tmpPath}/proj`);
  const entries = panel.getByRole('option');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('2 files');
  await entries.first().click();
  await entries.first().getByRole('button', { name: 'Preview' }).click();
  const preview = page.locator('.jp-checkpoints-folderPreview');
  await expect(preview.locator('[data-file="a.txt"]')).toHaveAttribute(
    'data-status',
    'changed'
  );
});

test('the panel shows the file figure and Clean Up frees a deleted history on S3', async ({
  page,
  tmpPath
}) => {
  const gone = `${tmpPath}/gone.ipynb`;
  await deletedWithTwoCheckpoints(page, gone);

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

  await setCleanupDays(page, 0);
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
  await setCleanupDays(page, null);
});
