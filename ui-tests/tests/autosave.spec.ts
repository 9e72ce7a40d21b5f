import { expect, test } from './fixtures';
import { listViaApi, setAutoSetting as setSetting } from './helpers';

const status = (page: any) => page.locator('.jp-checkpoints-status');

test.describe('autosave', () => {
  test.afterEach(async ({ page }) => {
    await setSetting(page, 'autosaveInterval', 120);
    await setSetting(page, 'checkpointOnAutosave', false);
    await setSetting(page, 'checkpointOnAutosavePeriod', 600);
  });

  test('a short interval set in the settings saves a dirty notebook on time', async ({
    page
  }) => {
    await page.notebook.createNew('timed.ipynb');
    await expect(status(page)).toContainText('Autosave 2 min');
    await setSetting(page, 'autosaveInterval', 5);
    await expect(status(page)).toContainText('Autosave 5 s');
    await page.notebook.setCell(0, 'code', 'edited = True');
    await expect(status(page)).toContainText('unsaved changes');
    await expect(status(page)).not.toContainText('unsaved changes', {
      timeout: 12000
    });
    const saved = await page.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.context.model.dirty
    );
    expect(saved).toBe(false);
  });

  test('%autosave 0 stops autosave for that notebook', async ({ page }) => {
    await page.notebook.createNew('magic.ipynb');
    await setSetting(page, 'autosaveInterval', 5);
    await page.notebook.setCell(0, 'code', '%autosave 0');
    await page.notebook.runCell(0);
    await expect(status(page)).toContainText('Autosave off');
    const meta = await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.context.model.getMetadata(
        'jupyterlab_checkpoints'
      )
    );
    expect(meta).toEqual({ autosave_interval: 0 });
    await page.notebook.save();
    await page.notebook.addCell('code', 'still_unsaved = 1');
    await page.waitForTimeout(8000);
    await expect(status(page)).toContainText('unsaved changes');
  });

  test('the status bar item offers the common intervals and opens the panel', async ({
    page
  }) => {
    await page.notebook.createNew('status.ipynb');
    await status(page).click();
    await page
      .locator('.jp-checkpoints-statusMenu')
      .getByText('Every 30 s')
      .click();
    await expect(status(page)).toContainText('Autosave 30 s');
    await status(page).click();
    // The interval in use is the checked one.
    await expect(
      page.getByRole('menuitemcheckbox', { name: 'Every 30 s' })
    ).toHaveAttribute('aria-checked', 'true');
    await expect(
      page.getByRole('menuitemcheckbox', { name: /Follow the Settings/ })
    ).toHaveCount(0);
    await expect(
      page.locator(
        '.jp-checkpoints-statusMenu .lm-mod-toggled .lm-Menu-itemIcon svg'
      )
    ).toHaveCount(1);
    await page
      .getByRole('menuitem', { name: 'Show Checkpoints Panel' })
      .click();
    await expect(page.locator('#jp-checkpoints-panel')).toBeVisible();
    await expect(status(page)).toContainText(
      /last checkpoint|no checkpoint yet/
    );
  });

  test('checkpoint on autosave adds an automatic checkpoint when the notebook autosaves', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.createNew('kept.ipynb');
    await setSetting(page, 'checkpointOnAutosavePeriod', 0);
    await setSetting(page, 'checkpointOnAutosave', true);
    await setSetting(page, 'autosaveInterval', 5);
    const autosaved = async () =>
      (await listViaApi(page, `${tmpPath}/kept.ipynb`)).filter(
        (c: any) => c.label === 'Autosave'
      );
    expect(await autosaved()).toHaveLength(0);
    await page.notebook.setCell(0, 'code', 'kept = 1');
    await expect.poll(autosaved, { timeout: 15000 }).toHaveLength(1);
    expect((await autosaved())[0].kind).toBe('auto');
    // Nothing changed since: the next autosave tick adds nothing.
    await page.waitForTimeout(7000);
    expect(await autosaved()).toHaveLength(1);
  });
});
