import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  createViaApi,
  items,
  kernelSettled,
  listViaApi,
  openPanel,
  putNotebook
} from './helpers';

const NB = 'polish.ipynb';

/** What the open notebook's first cell holds, from the page's model. */
async function setFirstCell(
  page: IJupyterLabPageFixture,
  source: string
): Promise<void> {
  await page.evaluate(source => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.model.sharedModel.cells[0].setSource(
      source
    );
  }, source);
}

/** The first cell's source as the file on disk holds it. */
async function sourceOnDisk(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string> {
  return page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get(path);
    const source = model.content.cells[0].source;
    return Array.isArray(source) ? source.join('') : source;
  }, path);
}

test.describe('Checkpoints panel: entries and layout', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await putNotebook(page, `${tmpPath}/${NB}`, 'a = 1');
    await page.notebook.openByPath(`${tmpPath}/${NB}`);
  });

  test('the label keeps its width while the entry is hovered or selected', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NB}`;
    await putNotebook(page, path, 'a = 2');
    await createViaApi(page, path, {
      kind: 'manual',
      label: 'Baseline before tuning the sales model for the quarterly report'
    });
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    const entry = items(panel).filter({ hasText: 'Baseline' });
    const label = entry.locator('.jp-checkpoints-label');
    await page.mouse.move(0, 0);
    const resting = (await label.boundingBox())!.width;

    await entry.hover();
    await expect(entry.getByRole('button', { name: 'Restore' })).toBeVisible();
    expect((await label.boundingBox())!.width).toBeGreaterThanOrEqual(
      resting - 1
    );
    await entry.click();
    await page.mouse.move(0, 0);
    await expect(entry).toHaveAttribute('aria-selected', 'true');
    expect((await label.boundingBox())!.width).toBeGreaterThanOrEqual(
      resting - 1
    );
  });

  test('Enter restores; the toast offers Undo, which brings back what was replaced', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NB}`;
    await kernelSettled(page);
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    const manual = items(panel).filter({ hasText: 'Manual' }).first();
    await expect(manual).toBeVisible();

    await setFirstCell(page, 'a = 2  # after the checkpoint');
    await page.notebook.save();

    await manual.focus();
    await page.keyboard.press('Enter');
    const toast = page.locator('.Toastify__toast').filter({
      hasText: /^Restored /
    });
    await expect(toast).toBeVisible();
    await expect.poll(() => page.notebook.getCellTextInput(0)).toBe('a = 1');

    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => page.notebook.getCellTextInput(0))
      .toBe('a = 2  # after the checkpoint');
    await expect
      .poll(() => sourceOnDisk(page, path))
      .toBe('a = 2  # after the checkpoint');
    // Saved: the page and the file agree, nothing left to save.
    expect(
      await page.evaluate(
        () => (window as any).jupyterapp.shell.currentWidget.context.model.dirty
      )
    ).toBe(false);
  });

  test('new entries do not move the entry under the pointer', async ({
    page
  }) => {
    const panel = await openPanel(page);
    for (const source of ['a = 2', 'a = 3', 'a = 4']) {
      await setFirstCell(page, source);
      await page.evaluate(() =>
        (window as any).jupyterapp.commands.execute('checkpoints:create')
      );
    }
    await expect(items(panel)).toHaveCount(4);
    const target = items(panel).nth(2);
    const id = await target.getAttribute('data-checkpoint-id');
    await target.hover();
    const before = (await target.boundingBox())!.y;

    // Two new checkpoints arrive at the top while the pointer rests on the entry.
    for (const source of ['a = 5', 'a = 6']) {
      await setFirstCell(page, source);
      await page.evaluate(() =>
        (window as any).jupyterapp.commands.execute('checkpoints:create')
      );
    }
    await expect(items(panel)).toHaveCount(6);
    const same = panel.locator(`[data-checkpoint-id="${id}"]`);
    expect(Math.abs((await same.boundingBox())!.y - before)).toBeLessThan(2);
  });

  test('"Name it" names the new checkpoint without pinning it', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NB}`;
    const panel = await openPanel(page);
    await setFirstCell(page, 'a = 2');
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await page.getByRole('button', { name: 'Name it' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Rename Checkpoint');
    await dialog.getByRole('textbox').fill('Clean baseline');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(items(panel).first()).toContainText('Clean baseline');
    const named = (await listViaApi(page, path)).find(
      c => c.label === 'Clean baseline'
    );
    expect(named).toMatchObject({ kind: 'manual', pinned: false });
  });

  test('the first entry comes right under the controls; destructive actions live in the panel menu', async ({
    page
  }) => {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel)).toHaveCount(2);
    await panel.screenshot({ path: 'test-results/panel-light.png' });
    // Under the panel's title and toolbar, the controls take less than 90 px (they took 190).
    const content = panel.locator('.jp-SidePanel-content');
    const top = (await content.boundingBox())!.y;
    const first = (await items(panel).first().boundingBox())!.y;
    expect(first - top).toBeLessThanOrEqual(90);
    // The title and the File/Folder switch share a row.
    const header = panel.locator('.jp-SidePanel-header');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(34);
    // One box searches and filters; the figures stay in view in the footer.
    await expect(panel.getByRole('searchbox')).toHaveCount(1);
    await expect(panel.locator('.jp-checkpoints-footer')).toContainText(
      /of 10 unpinned/
    );

    await page.locator('.lm-MenuBar-item', { hasText: 'File' }).click();
    const fileMenu = page.locator('.lm-Menu').first();
    await expect(
      fileMenu.getByRole('menuitem', { name: 'Create Checkpoint' })
    ).toBeVisible();
    await expect(
      fileMenu.getByRole('menuitem', { name: /Delete All Unpinned/ })
    ).toHaveCount(0);
    await page.keyboard.press('Escape');

    await panel
      .getByRole('toolbar', { name: 'Checkpoint actions' })
      .getByRole('button', { name: 'More actions' })
      .click();
    await expect(
      page.getByRole('menuitem', { name: /Delete All Unpinned Checkpoints/ })
    ).toBeVisible();
    await page.keyboard.press('Escape');

    // The dark theme, for a look at the panel (test-results/).
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('apputils:change-theme', {
        theme: 'JupyterLab Dark'
      })
    );
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    await items(panel).first().hover();
    await panel.screenshot({ path: 'test-results/panel-dark.png' });
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('apputils:change-theme', {
        theme: 'JupyterLab Light'
      })
    );
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'true'
    );
  });
});

test('the Settings Editor names every choice and shows what applies', async ({
  page
}) => {
  await page.evaluate(async () => {
    await (window as any).jupyterapp.commands.execute('settingeditor:open', {
      query: 'Checkpoints: automatic'
    });
  });
  const form = page.locator('.jp-SettingsPanel');
  const field = (name: string) =>
    form.locator(
      `[id="jp-SettingsEditor-jupyterlab-checkpoints:auto_${name}"]`
    );
  const automatic = field('autoCheckpoint');
  await expect(automatic.locator('option:checked')).toHaveText(
    'After cells run'
  );
  // Unset, autosave follows the Document Manager (on, every 2 minutes by default): it says so.
  const autosave = field('autosave');
  await expect(form.getByLabel('Autosave', { exact: true })).toBeVisible();
  await expect(autosave.locator('option:checked')).toHaveText(
    'As the Document Manager (on, every 2 minutes)'
  );
  await expect(form.getByLabel('Autosave interval (seconds)')).toHaveAttribute(
    'placeholder',
    "120 (the Document Manager's)"
  );
  await page.screenshot({ path: 'test-results/settings-auto.png' });
});
