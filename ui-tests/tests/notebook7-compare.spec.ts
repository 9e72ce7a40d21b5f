// A fresh page per test (not ./fixtures' shared one):
// each test navigates to Notebook 7.
import { expect, test } from '@jupyterlab/galata';
import { Page } from '@playwright/test';
import { createViaApi, notebook, openInNotebook7 } from './helpers';

const NOTEBOOK = 'nb7-compare.ipynb';

/** A checkpoint of `a = 1 / b = 2`, then the file edited to `a = 10 / b = 20`, open in Notebook 7. */
async function setUp(page: any, baseURL: string, path: string) {
  await page.contents.uploadContent(notebook('a = 1', 'b = 2'), 'text', path);
  const checkpoint = await createViaApi(page, path, { label: 'before' });
  await page.contents.uploadContent(notebook('a = 10', 'b = 20'), 'text', path);
  await openInNotebook7(page, baseURL, path);
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toContainText(
    'a = 10'
  );
  return checkpoint.id as string;
}

function execute(page: Page, command: string, args: any) {
  return page.evaluate(
    ({ command, args }) =>
      (window as any).jupyterapp.commands.execute(command, args),
    { command, args }
  );
}

/** The open notebook's cell sources, read from its shared model. */
function sources(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const app = (window as any).jupyterapp;
    const panel = app.shell.currentWidget;
    return panel.content.model.sharedModel.cells.map((c: any) => c.getSource());
  });
}

test.describe('Notebook 7: preview and compare', () => {
  test('preview an older checkpoint shows its content @smoke', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NOTEBOOK}`;
    const id = await setUp(page, baseURL!, path);
    await execute(page, 'checkpoints:preview', { path, id });
    const preview = page.locator('.jp-checkpoints-preview');
    await expect(preview).toBeVisible();
    await expect(
      preview.locator('.jp-checkpoints-previewSource').first()
    ).toHaveText('a = 1');
    await expect(page.getByRole('button', { name: 'Restore' })).toBeVisible();
    // The notebook is still there behind it.
    await page.keyboard.press('Escape');
    await expect(preview).toHaveCount(0);
    await expect(page.locator('.jp-Notebook .jp-Cell').first()).toContainText(
      'a = 10'
    );
  });

  test('compare an older checkpoint and restore one cell into the open notebook, undoable @smoke', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NOTEBOOK}`;
    const id = await setUp(page, baseURL!, path);
    await execute(page, 'checkpoints:compare', { path, id });
    const view = page.locator('.jp-checkpoints-compare');
    await expect(view).toBeVisible();
    await expect(view).toContainText('2 modified, 0 added, 0 removed, 0 moved');
    const first = view.getByRole('listitem', { name: 'Modified cell 1' });
    await expect(first.locator('.jp-mod-removed')).toHaveText('a = 1');
    await expect(first.locator('.jp-mod-added')).toHaveText('a = 10');

    await first.getByRole('checkbox').check();
    await view
      .getByRole('button', { name: 'Restore selected cells (1)' })
      .click();
    await expect.poll(() => sources(page)).toEqual(['a = 1', 'b = 20']);
    // Compared again: the restored cell no longer differs.
    await expect(view).toContainText('1 modified, 0 added, 0 removed, 0 moved');

    // Undo in the notebook takes the restore back.
    await page.keyboard.press('Escape');
    await expect(view).toHaveCount(0);
    await page.locator('.jp-Notebook .jp-Cell').nth(1).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await expect.poll(() => sources(page)).toEqual(['a = 10', 'b = 20']);
  });
});
