import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  deletedWithTwoCheckpoints,
  openPanel,
  setCleanupDays,
  SIZE
} from './helpers';

/** The kept histories of deleted files, as the server lists them. */
async function deletedViaApi(page: IJupyterLabPageFixture): Promise<any[]> {
  return page.evaluate(async () => {
    const base = (window as any).jupyterapp.serviceManager.serverSettings
      .baseUrl;
    const response = await fetch(`${base}jupyterlab-checkpoints/deleted`);
    return response.json();
  });
}

test.describe('Clean Up Checkpoints', () => {
  test.afterEach(async ({ page }) => {
    await setCleanupDays(page, null);
  });

  test("shows disk use, then frees a deleted file's history when asked", async ({
    page,
    tmpPath
  }) => {
    // A file with two checkpoints, deleted through the contents API: its history is kept.
    const gone = `${tmpPath}/gone.ipynb`;
    await deletedWithTwoCheckpoints(page, gone);
    const kept = (await deletedViaApi(page)).find(e => e.path === gone);
    expect(kept?.checkpoints).toHaveLength(2);
    expect(kept?.bytes).toBeGreaterThan(0);

    // The panel shows what the open file's history and all checkpoints take.
    await page.notebook.createNew('open.ipynb');
    await page.notebook.setCell(0, 'code', 'b = 1');
    await page.notebook.save();
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(
      panel.getByText(
        new RegExp(
          `^This file's history: ${SIZE.source} · all checkpoints: ${SIZE.source}$`
        )
      )
    ).toBeVisible();

    // The deleted-files view says what each kept history takes.
    await panel.getByRole('button', { name: 'Deleted files' }).click();
    const entry = panel
      .getByRole('listitem')
      .filter({ has: page.getByText(gone, { exact: true }) });
    await expect(entry.locator('.jp-checkpoints-deletedSize')).toHaveText(
      new RegExp(`^${SIZE.source}$`)
    );

    // N = 0: every deleted file's history goes. Run it from the command palette.
    await setCleanupDays(page, 0);
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await palette.locator('input').fill('Clean Up Checkpoints');
    await expect(
      palette.locator('.lm-CommandPalette-item', {
        hasText: 'Clean Up Checkpoints…'
      })
    ).toBeVisible();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Clean Up Checkpoints');
    const row = dialog.getByRole('row').filter({ hasText: gone });
    await expect(row).toContainText('2 checkpoints');
    await expect(row.getByRole('cell')).toHaveText(SIZE);
    const total = dialog.getByRole('row', { name: /^Total/ });
    await expect(total.getByRole('cell')).toHaveText(SIZE);
    const amount = await total.getByRole('cell').textContent();
    await dialog.getByRole('button', { name: `Free ${amount}` }).click();

    await expect(
      page.getByText(new RegExp(`^Freed ${SIZE.source}$`))
    ).toBeVisible();
    expect(
      (await deletedViaApi(page)).find(e => e.path === gone)
    ).toBeUndefined();
    // The deleted-files view follows.
    await expect(page.getByText(gone, { exact: true })).toHaveCount(0);
  });

  test('says when there is nothing to free, with only Close', async ({
    page
  }) => {
    // Whatever earlier tests left, a first clean-up leaves nothing older than the grace period.
    await page.evaluate(async () => {
      const app = (window as any).jupyterapp;
      const base = app.serviceManager.serverSettings.baseUrl;
      const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
      await fetch(`${base}jupyterlab-checkpoints/cleanup`, {
        method: 'POST',
        body: JSON.stringify({ deleted_older_than_days: 0 }),
        headers: xsrf ? { 'X-XSRFToken': xsrf[1] } : {}
      });
    });
    await setCleanupDays(page, 0);
    void page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('checkpoints:clean-up')
    );
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(/Nothing to free/);
    await expect(
      dialog.locator('.jp-Dialog-footer').getByRole('button')
    ).toHaveText(['Close']);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });
});
