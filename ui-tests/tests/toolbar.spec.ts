import { expect, test } from './fixtures';
import { openPanel } from './helpers';

const PLUGIN = 'jupyterlab-checkpoints:panel';

async function setToolbar(page: any, items: unknown[]): Promise<void> {
  await page.evaluate(
    async ({ plugin, items }: any) => {
      const settings = await (window as any).galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await settings.set(plugin, 'toolbar', items);
    },
    { plugin: PLUGIN, items }
  );
}

test.describe('panel toolbar', () => {
  test.afterEach(async ({ page }) => {
    await setToolbar(page, []);
  });

  test('is customised through the toolbar settings, as other panels', async ({
    page
  }) => {
    const panel = await openPanel(page);
    const toolbar = panel.getByRole('toolbar', { name: 'Checkpoint actions' });
    await expect(
      toolbar.getByRole('button', { name: 'Create checkpoint' })
    ).toBeVisible();
    await expect(
      toolbar.getByRole('button', { name: 'Refresh' })
    ).toBeVisible();
    await expect(
      toolbar.getByRole('button', { name: 'Deleted files' })
    ).toBeVisible();

    await setToolbar(page, [
      { name: 'deleted-files', disabled: true },
      {
        name: 'create-named',
        command: 'checkpoints:create-named',
        rank: 15
      }
    ]);
    await expect(
      toolbar.getByRole('button', { name: 'Deleted files' })
    ).toHaveCount(0);
    await expect(
      toolbar.getByRole('button', { name: /Create Named Checkpoint/ })
    ).toBeVisible();
  });
});
