import { expect, test } from './fixtures';
import { checkpointContent, items, listViaApi, openPanel } from './helpers';

const NB = 'compare.ipynb';

test.describe('preview and compare', () => {
  test.beforeEach(async ({ page }) => {
    await page.notebook.createNew(NB);
    await page.notebook.setCell(0, 'code', 'a = 1');
    await page.notebook.addCell('code', 'b = 2');
    await page.notebook.save();
  });

  async function checkpoint(page: any): Promise<string> {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel).first()).toContainText('Manual');
    return (await items(panel).first().getAttribute('data-checkpoint-id'))!;
  }

  test('preview a checkpoint read-only', async ({ page, tmpPath }) => {
    const id = await checkpoint(page);
    await page.notebook.setCell(0, 'code', 'a = 100');
    await page.evaluate(
      args =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:preview',
          args
        ),
      { path: `${tmpPath}/${NB}`, id }
    );
    const tab = page
      .getByRole('main')
      .getByRole('tab', { name: new RegExp(`${NB} @ .* · Manual`) });
    await expect(tab).toBeVisible();
    const preview = page.locator('.jp-checkpoints-preview');
    await expect(
      preview.locator('.jp-checkpoints-previewBanner')
    ).toContainText('Read-only checkpoint');
    await expect(
      preview.locator('.jp-checkpoints-previewSource').first()
    ).toHaveText('a = 1');
    // The preview's own Restore button (its toolbar, not the panel's) brings that version back.
    const view = page
      .locator('.jp-checkpoints-documentView')
      .filter({ has: preview });
    const restore = view
      .locator('.jp-Toolbar')
      .getByRole('button', { name: 'Restore', exact: true });
    await expect(restore).toHaveCount(1);
    await restore.click();
    await expect(
      page.getByText(/^Restored Manual checkpoint/).first()
    ).toBeVisible();
    // (The preview shares the notebook's name: read the notebook's own cells.)
    const path = `${tmpPath}/${NB}`;
    const firstCell = () =>
      page.evaluate(
        p =>
          Array.from((window as any).jupyterapp.shell.widgets('main'))
            .find((w: any) => w.context?.path === p && w.content?.model)
            ?.content.model.sharedModel.cells[0].getSource(),
        path
      );
    await expect.poll(firstCell).toBe('a = 1');
    // The replaced state (with the unsaved edit) is kept before the rollback record.
    const listed = await listViaApi(page, path);
    expect(listed.slice(-2).map(c => c.kind)).toEqual([
      'before-restore',
      'rollback'
    ]);
    const kept = await checkpointContent(page, path, listed.at(-2).id);
    expect(kept.content.cells[0].source).toBe('a = 100');
  });

  test('compare shows a modified cell; restoring one cell brings back only it, and Ctrl+Z undoes it', async ({
    page,
    tmpPath
  }) => {
    const id = await checkpoint(page);
    await page.notebook.setCell(0, 'code', 'a = 10');
    await page.notebook.setCell(1, 'code', 'b = 20');
    await page.evaluate(
      args =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:compare',
          args
        ),
      { path: `${tmpPath}/${NB}`, id }
    );
    const view = page.locator('.jp-checkpoints-compare');
    await expect(view).toContainText('2 modified, 0 added, 0 removed, 0 moved');
    const first = view.getByRole('listitem', { name: 'Modified cell 1' });
    await expect(first.locator('.jp-mod-removed')).toHaveText('a = 1');
    await expect(first.locator('.jp-mod-added')).toHaveText('a = 10');

    // The comparison's own button, named after how many cells are chosen.
    const restoreCells = view.locator('.jp-checkpoints-restoreCells');
    await expect(restoreCells).toHaveCount(1);
    await expect(restoreCells).toHaveAccessibleName(
      'Restore selected cells (0)'
    );
    await expect(restoreCells).toBeDisabled();
    await first.getByRole('checkbox').check();
    await expect(restoreCells).toHaveAccessibleName(
      'Restore selected cells (1)'
    );
    await view
      .getByRole('button', { name: 'Restore selected cells (1)', exact: true })
      .click();
    await expect.poll(() => page.notebook.getCellTextInput(0)).toBe('a = 1');
    expect(await page.notebook.getCellTextInput(1)).toBe('b = 20');

    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.notebook.getCellTextInput(0)).toBe('a = 10');
    expect(await page.notebook.getCellTextInput(1)).toBe('b = 20');
  });

  test('compare two checkpoints from the panel context menu', async ({
    page
  }) => {
    await checkpoint(page);
    await page.notebook.setCell(1, 'code', 'b = 3');
    const panel = await openPanel(page);
    const before = await items(panel).count();
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel)).toHaveCount(before + 1);
    await items(panel).nth(0).click();
    await items(panel).nth(1).click({ button: 'right' });
    await page
      .getByRole('menuitem', { name: 'Compare with Selected Checkpoint' })
      .click();
    const view = page.locator('.jp-checkpoints-compare');
    await expect(view).toContainText(
      '1 modified, 0 added, 0 removed, 0 moved, 1 unchanged'
    );
    // Two checkpoints: nothing to restore into, so no restore button.
    await expect(view.locator('.jp-checkpoints-restoreCells')).toHaveCount(0);
    await expect(
      view.getByRole('button', { name: /^Restore selected cells/ })
    ).toHaveCount(0);
  });
});
