import { expect, test } from '@jupyterlab/galata';
import { kernelSettled, listViaApi, openPanel } from './helpers';

/** The manual checkpoints of `path`, oldest first. */
async function manual(page: any, path: string): Promise<any[]> {
  return (await listViaApi(page, path)).filter(c => c.kind === 'manual');
}

/** The variables saved with checkpoint `id` of `path` (null when none), through the server's route. */
async function savedVariables(
  page: any,
  path: string,
  id: string
): Promise<any> {
  return page.evaluate(
    async ({ path, id }: { path: string; id: string }) => {
      const settings = (window as any).jupyterapp.serviceManager.serverSettings;
      const response = await fetch(
        `${settings.baseUrl}jupyterlab-checkpoints/checkpoints/${id}/variables?path=${encodeURIComponent(path)}`
      );
      return response.ok ? response.json() : null;
    },
    { path, id }
  );
}

async function setSaveVariables(page: any, value: boolean): Promise<void> {
  await page.evaluate(async (value: boolean) => {
    const settings = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    await settings.set(
      'jupyterlab-checkpoints:variables',
      'saveVariables',
      value
    );
  }, value);
}

test.describe('kernel variables', () => {
  test('Ctrl+K saves the kernel variables when the setting is on', async ({
    page,
    tmpPath
  }) => {
    await setSaveVariables(page, false); // the default, whatever an earlier run left
    await page.notebook.createNew('vars.ipynb');
    await kernelSettled(page);
    await page.notebook.setCell(
      0,
      'code',
      'answer = 41 + 1\ngen = (i for i in [1])'
    );
    await page.notebook.run();
    const path = `${tmpPath}/vars.ipynb`;

    // Off (the default): a checkpoint holds no variables.
    await page.keyboard.press('Control+k');
    await expect.poll(async () => (await manual(page, path)).length).toBe(1);
    const first = (await manual(page, path))[0];
    expect(await savedVariables(page, path, first.id)).toBeNull();

    await setSaveVariables(page, true);
    await page.notebook.setCell(
      0,
      'code',
      'answer = 42\ngen = (i for i in [1])'
    );
    await page.notebook.run();
    await page.keyboard.press('Control+k');
    await expect.poll(async () => (await manual(page, path)).length).toBe(2);
    const second = (await manual(page, path))[1];
    await expect
      .poll(async () => await savedVariables(page, path, second.id), {
        timeout: 15000
      })
      .not.toBeNull();
    const listing = await savedVariables(page, path, second.id);
    expect(listing.variables.map((v: any) => v.name)).toContain('answer');
    expect(listing.skipped.map((s: any) => s.name)).toContain('gen');
    // The skipped generator is said in a notification.
    await expect(page.getByText(/not saved: gen/).first()).toBeVisible();

    // Restore into the kernel after `answer` is gone: it is back without running its cell.
    await page.notebook.setCell(0, 'code', 'del answer');
    await page.notebook.run();
    await page.evaluate(
      async ({ path, id }: { path: string; id: string }) =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:restore-variables',
          { path, id }
        ),
      { path, id: second.id }
    );
    await expect(
      page.getByText(/Variables restored: answer/).first()
    ).toBeVisible();
    await page.notebook.setCell(0, 'code', 'print(answer * 10)');
    await page.notebook.run();
    expect(await page.notebook.getCellTextOutput(0)).toEqual(['420\n']);
    // The panel marks the checkpoint that holds variables.
    const panel = await openPanel(page);
    await expect(
      panel.locator(
        `[data-checkpoint-id="${second.id}"] .jp-checkpoints-variables`
      )
    ).toBeVisible();
    await setSaveVariables(page, false);
  });
});
