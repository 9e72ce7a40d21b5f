// A fresh page per test (not ./fixtures' shared one):
// the test navigates to Notebook 7.
import { expect, test } from '@jupyterlab/galata';
import { openInNotebook7, PANEL_ID, putNotebook } from './helpers';

test("Notebook 7's notebook page: Folder mode lists the notebook's folder", async ({
  page,
  baseURL,
  tmpPath
}) => {
  const folder = `${tmpPath}/proj`;
  const path = `${folder}/analysis.ipynb`;
  await page.contents.uploadContent('data\n', 'text', `${folder}/data.txt`);
  await putNotebook(page, path, 'x = 1');
  await page.evaluate(
    folder =>
      (window as any).jupyterapp.commands.execute('checkpoints:create-folder', {
        path: folder
      }),
    folder
  );

  await openInNotebook7(page, baseURL!, path);
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('checkpoints:open-panel')
  );
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel).toBeVisible();
  const folderMode = panel.getByRole('radio', { name: 'Folder' });
  await folderMode.click();
  const entries = panel.getByRole('option');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('2 files');
  // The switch says which folder it lists.
  await expect(folderMode).toHaveAttribute(
    'title',
    "The checkpoints of this document's folder"
  );
});
