import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  createViaApi,
  items,
  kernelSettled,
  notebook,
  openInNotebook7,
  openPanel
} from './helpers';

const NB = 'history.ipynb';

/** Ctrl+K on the current notebook; resolves once the panel lists the new checkpoint. */
async function checkpoint(page: IJupyterLabPageFixture): Promise<void> {
  const panel = await openPanel(page);
  const before = await items(panel).count();
  await page.notebook.selectCells(0);
  await page.keyboard.press('Control+k');
  await expect(items(panel)).toHaveCount(before + 1);
}

/** The sources of the open notebook's cells, as its model holds them. */
function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() => {
    const widget = (window as any).jupyterapp.shell.currentWidget;
    return widget.content.model.sharedModel.cells.map((c: any) =>
      c.getSource()
    );
  });
}

test.describe('readable history', () => {
  test.beforeEach(async ({ page }) => {
    await page.notebook.createNew(NB);
    await page.notebook.setCell(0, 'code', 'a = 1');
    await page.notebook.addCell('code', 'b = 2');
    await page.notebook.save();
    // The kernel's answer writes its metadata: settled first, it is no change of ours.
    await kernelSettled(page);
    await page.notebook.save();
  });

  test('list entries say what changed against the entry before, grouped by day', async ({
    page
  }) => {
    await checkpoint(page);
    await page.notebook.setCell(1, 'code', 'b = 3');
    await page.notebook.addCell('code', 'c = 4');
    await checkpoint(page);
    const panel = await openPanel(page);
    const newest = items(panel).first();
    await expect(newest.locator('.jp-checkpoints-summary')).toHaveText(
      '+1 cell · 1 edited'
    );
    // One tick per cell: unchanged, edited, added.
    const strip = newest.locator('.jp-checkpoints-strip');
    await expect(strip).toHaveAccessibleName(
      'Cells: 1 added, 0 removed, 1 edited, 0 outputs only, 1 unchanged'
    );
    await expect(strip.locator('.jp-checkpoints-tick')).toHaveCount(3);
    // The oldest entry (made by the first save) is the notebook's start.
    await expect(
      items(panel).last().locator('.jp-checkpoints-summary')
    ).toHaveText(/^\d+ cells?$/);
    await expect(panel.getByRole('group', { name: 'Today' })).toBeVisible();
  });

  test('cell history opens for the active cell; Restore This Version is one undoable edit', async ({
    page
  }) => {
    await checkpoint(page);
    await page.notebook.setCell(0, 'code', 'a = 2');
    await checkpoint(page);
    await page.notebook.setCell(0, 'code', 'a = 3');

    // From the cell's context menu, as a user would.
    await page.notebook.selectCells(0);
    await page
      .locator('.jp-Notebook .jp-Cell')
      .first()
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show Cell History' }).click();
    const view = page.locator('.jp-checkpoints-cellHistory');
    await expect(view.getByRole('heading')).toHaveText(
      `History of cell 1 of ${NB}`
    );
    const versions = view.locator('.jp-checkpoints-version');
    await expect(versions).toHaveCount(2);
    // Newest first; each shown against the cell as it is now ('a = 3'): the version is the older
    // (removed) side, the cell now the newer (added) one, as in Compare.
    await expect(view.locator('.jp-checkpoints-diffLegend')).toHaveText(
      'Older (checkpoint) · Newer (current)'
    );
    await expect(versions.nth(0).locator('.jp-mod-removed')).toHaveText(
      'a = 2\n'
    );
    await expect(versions.nth(1).locator('.jp-mod-removed')).toHaveText(
      'a = 1\n'
    );
    await expect(versions.nth(1).locator('.jp-mod-added')).toHaveText(
      'a = 3\n'
    );

    await versions
      .nth(1)
      .getByRole('button', { name: 'Restore This Version' })
      .click();
    await expect.poll(() => sources(page)).toEqual(['a = 1', 'b = 2']);
    // The view follows the cell: the restored version now reads as the current one.
    await expect(versions.nth(1)).toContainText('Same source as now');

    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await expect.poll(() => sources(page)).toEqual(['a = 3', 'b = 2']);
  });

  test('deleted cells: Insert Back puts a cell back where it stood', async ({
    page
  }) => {
    await page.notebook.addCell('code', 'c = 3');
    await checkpoint(page);
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await expect.poll(() => sources(page)).toEqual(['a = 1', 'c = 3']);
    await page.notebook.save();

    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('checkpoints:deleted-cells')
    );
    const view = page.locator('.jp-checkpoints-deletedCells');
    const cells = view.locator('.jp-checkpoints-version');
    await expect(cells).toHaveCount(1);
    await expect(cells.first().locator('pre')).toHaveText('b = 2');
    // Deleted in this page: the view shows the cell as it was then.
    await expect(cells.first()).toContainText(
      'deleted from this notebook as cell 2'
    );
    await cells.first().getByRole('button', { name: 'Insert Back' }).click();
    await expect.poll(() => sources(page)).toEqual(['a = 1', 'b = 2', 'c = 3']);
    // Back in the notebook, it leaves the list.
    await expect(cells).toHaveCount(0);

    await page.notebook.selectCells(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await expect.poll(() => sources(page)).toEqual(['a = 1', 'c = 3']);
  });

  test('deleted cells: a cell edited and deleted since the last save is offered as it was deleted', async ({
    page
  }) => {
    await checkpoint(page);
    // Edited, then deleted, nothing saved: the file and every checkpoint hold 'b = 2'.
    await page.notebook.setCell(1, 'code', 'b = 3  # edited, never saved');
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await expect.poll(() => sources(page)).toEqual(['a = 1']);

    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('checkpoints:deleted-cells')
    );
    const cells = page.locator(
      '.jp-checkpoints-deletedCells .jp-checkpoints-version'
    );
    await expect(cells).toHaveCount(1);
    await expect(cells.first().locator('pre')).toHaveText(
      'b = 3  # edited, never saved'
    );
    await cells.first().getByRole('button', { name: 'Insert Back' }).click();
    await expect
      .poll(() => sources(page))
      .toEqual(['a = 1', 'b = 3  # edited, never saved']);
  });

  test('search finds text only an older checkpoint holds; its hit opens that preview at the cell', async ({
    page
  }) => {
    await page.notebook.setCell(1, 'code', 'secret_needle = 42');
    await checkpoint(page);
    await page.notebook.setCell(1, 'code', 'b = 2');
    await checkpoint(page);

    const panel = await openPanel(page);
    const entries = await panel.locator('.jp-checkpoints-item').count();
    const box = panel.getByRole('searchbox', {
      name: 'Search the contents of all checkpoints'
    });
    await box.fill('SECRET_needle');
    const hits = panel.getByRole('listbox', { name: 'Matches in checkpoints' });
    const hit = hits.getByRole('option');
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('mark')).toHaveText('secret_needle');
    await expect(hit).toContainText('cell 2');
    // While searching, the hits take the list's place.
    await expect(panel.locator('.jp-checkpoints-item')).toHaveCount(0);

    await hit.click();
    const preview = page.locator('.jp-checkpoints-preview');
    const revealed = preview.locator(
      '.jp-checkpoints-previewCell.jp-mod-revealed'
    );
    await expect(revealed).toHaveAttribute('data-index', '1');
    await expect(revealed).toContainText('secret_needle = 42');
    await expect(revealed).toBeInViewport();

    // From the keyboard: Down from the box reaches the hit, Enter opens it.
    await box.focus();
    await box.press('ArrowDown');
    await expect(hit).toBeFocused();
    await preview.evaluate(node => node.setAttribute('data-first', ''));
    await page.keyboard.press('Enter');
    // The new preview takes the file's review tab, in place of the first one.
    await expect(
      page.locator('.jp-checkpoints-preview[data-first]')
    ).toHaveCount(0);
    await expect(page.locator('.jp-checkpoints-preview')).toHaveCount(1);
    await expect(revealed).toContainText('secret_needle = 42');

    // Escape clears the search and the list comes back.
    await box.focus();
    await page.keyboard.press('Escape');
    await expect(hits).toHaveCount(0);
    await expect(panel.locator('.jp-checkpoints-item')).toHaveCount(entries);
  });
});

test('Notebook 7: cell history and deleted cells open over the notebook and edit it', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const path = `${tmpPath}/nb7-history.ipynb`;
  await page.contents.uploadContent(
    // Ids follow positions (cell-0, cell-1...): the last cell is the one that goes.
    notebook('a = 1', 'c = 3', 'b = 2'),
    'text',
    path
  );
  await createViaApi(page, path, { label: 'three cells' });
  await page.contents.uploadContent(notebook('a = 10', 'c = 3'), 'text', path);
  await openInNotebook7(page, baseURL!, path);
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toContainText(
    'a = 10'
  );
  const execute = (command: string, args: any) =>
    page.evaluate(
      ({ command, args }) =>
        (window as any).jupyterapp.commands.execute(command, args),
      { command, args }
    );

  await execute('checkpoints:cell-history', { path, cellId: 'cell-0' });
  const dialog = page.locator('.jp-checkpoints-viewDialog');
  const version = dialog
    .locator('.jp-checkpoints-version')
    .filter({ hasText: 'three cells' });
  await version.getByRole('button', { name: 'Restore This Version' }).click();
  await expect.poll(() => sources(page)).toEqual(['a = 1', 'c = 3']);
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(dialog).toHaveCount(0);

  await execute('checkpoints:deleted-cells', { path });
  await dialog.getByRole('button', { name: 'Insert Back' }).click();
  await expect.poll(() => sources(page)).toEqual(['a = 1', 'c = 3', 'b = 2']);
});
