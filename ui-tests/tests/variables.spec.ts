import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  setPluginSetting,
  createViaApi,
  kernelSettled,
  listViaApi,
  notebook,
  openInNotebook7,
  openPanel,
  setAutoSetting
} from './helpers';

/** The manual checkpoints of `path`, oldest first. */
async function manual(page: IJupyterLabPageFixture, path: string) {
  return (await listViaApi(page, path)).filter(c => c.kind === 'manual');
}

/** The newest manual checkpoint of `path` once the server lists it holding variables. */
async function manualWithVariables(
  page: IJupyterLabPageFixture,
  path: string,
  count: number
): Promise<any> {
  await expect
    .poll(
      async () => {
        const list = await manual(page, path);
        return list.length === count && list[count - 1].variables === true;
      },
      { timeout: 20000 }
    )
    .toBe(true);
  return (await manual(page, path))[count - 1];
}

async function setVariablesSetting(
  page: IJupyterLabPageFixture,
  key: string,
  value: unknown
): Promise<void> {
  await setPluginSetting(page, 'variables', key, value);
}

/** The current notebook's kernel status as the server sees it (the routes ask the server). */
async function serverKernelState(page: IJupyterLabPageFixture): Promise<any> {
  return page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const kernel = app.shell.currentWidget.sessionContext.session?.kernel;
    const settings = app.serviceManager.serverSettings;
    const response = await fetch(`${settings.baseUrl}api/kernels/${kernel.id}`);
    const model = await response.json();
    return {
      id: kernel.id,
      page: kernel.status,
      server: model.execution_state
    };
  });
}

/** A new notebook `name` with its kernel up and the setting on. */
async function freshNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
): Promise<string> {
  await setVariablesSetting(page, 'saveVariables', true);
  // Only the checkpoints made by hand save variables here (automatic ones have a test of their own).
  await setVariablesSetting(page, 'variablesEveryMinutes', 0);
  await page.notebook.createNew(name);
  await kernelSettled(page);
  return `${tmpPath}/${name}`;
}

test.describe('kernel variables', () => {
  test.afterEach(async ({ page }) => {
    await setVariablesSetting(page, 'saveVariables', false);
    await setVariablesSetting(page, 'variablesEveryMinutes', 10);
  });

  test('a = 41 + 1, Ctrl+K, restart the kernel, restore the variables: print(a) gives 42 @s3', async ({
    page,
    tmpPath
  }) => {
    const path = await freshNotebook(page, tmpPath, 'answer.ipynb');
    await page.notebook.setCell(0, 'code', 'a = 41 + 1');
    await page.notebook.run();
    await page.keyboard.press('Control+k');
    const saved = await manualWithVariables(page, path, 1);

    // A real restart of the kernel, from the Kernel menu.
    const before = await serverKernelState(page);
    await page.menu.clickMenuItem('Kernel>Restart Kernel…');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Confirm Kernel Restart' })
      .click();
    await expect
      .poll(async () => (await serverKernelState(page)).page)
      .not.toBe('idle'); // the page saw the restart begin
    await expect
      .poll(async () => (await serverKernelState(page)).server)
      .toBe('idle');
    // With this jupyter_server the page's kernel connection hears nothing after a restart (it stays
    // "Starting", replies never come, with or without this extension): Kernel > Reconnect to Kernel.
    await page.menu.clickMenuItem('Kernel>Reconnect to Kernel');
    await expect
      .poll(async () => {
        const s = await serverKernelState(page);
        return s.id === before.id && s.page === 'idle' && s.server === 'idle';
      })
      .toBe(true);
    await page.notebook.setCell(0, 'code', "print('a' in globals())");
    await page.notebook.run();
    expect(await page.notebook.getCellTextOutput(0)).toEqual(['False\n']);

    // The panel entry's action: its context menu.
    const panel = await openPanel(page);
    const entry = panel.locator(`[data-checkpoint-id="${saved.id}"]`);
    await entry.click({ button: 'right' });
    await page
      .getByRole('menuitem', { name: 'Restore Variables into the Kernel' })
      .click();
    await expect(
      page.getByText(/^Restored \d+ variables?/).first()
    ).toBeVisible();

    await page.notebook.setCell(0, 'code', 'print(a)');
    await page.notebook.run();
    expect(await page.notebook.getCellTextOutput(0)).toEqual(['42\n']);
  });

  test('the panel entry says how many variables and their size; one made with the setting off has no mark', async ({
    page,
    tmpPath
  }) => {
    const path = await freshNotebook(page, tmpPath, 'mark.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      'nums = list(range(1000))\nword = "hi"\ngen = (i for i in [1])'
    );
    await page.notebook.run();
    await page.keyboard.press('Control+k');
    const saved = await manualWithVariables(page, path, 1);
    expect(saved.variables_count).toBe(2);

    const panel = await openPanel(page);
    const mark = panel.locator(
      `[data-checkpoint-id="${saved.id}"] .jp-checkpoints-variables`
    );
    await expect(mark).toHaveText(/^2 variables · \d+(\.\d)? (B|KB)$/);
    await expect(mark).toHaveAttribute(
      'aria-label',
      /^2 kernel variables saved with it, /
    );
    await expect(mark.locator('svg')).toBeVisible();

    // The setting off: a new checkpoint of changed content holds no variables, and shows no mark.
    await setVariablesSetting(page, 'saveVariables', false);
    await page.notebook.setCell(0, 'code', 'more = 1');
    await page.notebook.run();
    await page.keyboard.press('Control+k');
    await expect.poll(async () => (await manual(page, path)).length).toBe(2);
    const plain = (await manual(page, path))[1];
    expect(plain.variables).toBeUndefined();
    const plainEntry = panel.locator(`[data-checkpoint-id="${plain.id}"]`);
    await expect(plainEntry).toBeVisible();
    await expect(plainEntry.locator('.jp-checkpoints-variables')).toHaveCount(
      0
    );
  });

  test('the preview lists the saved variables and the skipped ones with their reason', async ({
    page,
    tmpPath
  }) => {
    const path = await freshNotebook(page, tmpPath, 'preview.ipynb');
    await page.notebook.setCell(
      0,
      'code',
      'nums = list(range(1000))\ngen = (i for i in [1])'
    );
    await page.notebook.run();
    await page.keyboard.press('Control+k');
    const saved = await manualWithVariables(page, path, 1);

    await page.evaluate(
      ({ path, id }) =>
        (window as any).jupyterapp.commands.execute('checkpoints:preview', {
          path,
          id
        }),
      { path, id: saved.id }
    );
    const section = page.getByRole('region', {
      name: 'Saved kernel variables'
    });
    const savedTable = section.getByRole('table', { name: /1 variable saved/ });
    await expect(savedTable).toBeVisible();
    const row = savedTable.getByRole('row', { name: /nums/ });
    await expect(row.getByRole('rowheader')).toHaveText('nums');
    await expect(row.getByRole('cell').first()).toHaveText('list');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/\d+(\.\d)? (B|KB)/);
    const skipped = section.getByRole('table', { name: '1 not saved' });
    const genRow = skipped.getByRole('row', { name: /gen/ });
    await expect(genRow.getByRole('cell').first()).toHaveText('generator');
    await expect(genRow.getByRole('cell').nth(1)).toHaveText(
      /a generator or coroutine/
    );
  });

  test("the restore dialog's 'Restore variables too' loads them after the notebook", async ({
    page,
    tmpPath
  }) => {
    const path = await freshNotebook(page, tmpPath, 'dialog.ipynb');
    await page.notebook.setCell(0, 'code', 'kept = "from the checkpoint"');
    await page.notebook.run();
    await page.keyboard.press('Control+k');
    const saved = await manualWithVariables(page, path, 1);
    await page.notebook.setCell(0, 'code', 'del kept');
    await page.notebook.run();
    await page.notebook.save();

    const panel = await openPanel(page);
    const entry = panel.locator(`[data-checkpoint-id="${saved.id}"]`);
    await entry.click();
    await entry.getByRole('button', { name: 'Restore', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const box = dialog.getByRole('checkbox', { name: 'Restore variables too' });
    await expect(box).not.toBeChecked(); // off by default: the kernel is left alone
    await box.check();
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(
      page.getByText(/^Restored \d+ variables?/).first()
    ).toBeVisible();
    await expect
      .poll(async () => page.notebook.getCellTextInput(0))
      .toBe('kept = "from the checkpoint"');

    await page.notebook.addCell('code', 'print(kept)');
    await page.notebook.runCell(1);
    expect(await page.notebook.getCellTextOutput(1)).toEqual([
      'from the checkpoint\n'
    ]);
  });

  test('automatic checkpoints save variables at most every N minutes', async ({
    page,
    tmpPath
  }) => {
    const path = await freshNotebook(page, tmpPath, 'auto.ipynb');
    await setVariablesSetting(page, 'variablesEveryMinutes', 10);
    await setAutoSetting(page, 'autoCheckpointMinSpacing', 0); // one entry per run
    const automatic = async () =>
      (await listViaApi(page, path)).filter(c => c.kind === 'auto');
    const run = async (code: string, entries: number) => {
      await page.notebook.setCell(0, 'code', code);
      await page.notebook.run();
      await expect
        .poll(async () => (await automatic()).length, { timeout: 20000 })
        .toBe(entries);
    };

    await run('b = 7', 1); // none saved yet in this notebook: this one saves them
    await expect
      .poll(async () => (await automatic())[0].variables, { timeout: 20000 })
      .toBe(true);
    await run('c = 8', 2); // within 10 minutes of the last: not again

    // A tiny period: the next one saves again. Snapshots of a notebook run one after the other, so
    // once it holds variables, the decision about the second was made long before.
    await setVariablesSetting(page, 'variablesEveryMinutes', 0.001);
    await run('d = 9', 3);
    await expect
      .poll(async () => (await automatic())[2].variables, { timeout: 20000 })
      .toBe(true);
    expect((await automatic())[1].variables).toBeUndefined();
    await setAutoSetting(page, 'autoCheckpointMinSpacing', 30);
  });
});

test.describe('kernel variables in Notebook 7', () => {
  test('Notebook 7: the preview lists the saved variables', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    const path = `${tmpPath}/nb7-vars.ipynb`;
    await page.contents.uploadContent(notebook('x = 1'), 'text', path);
    const checkpoint = await createViaApi(page, path, { kind: 'manual' });
    await openInNotebook7(page, baseURL!, path);
    // Variables in the notebook's kernel, saved with the checkpoint through the server's route.
    const status = await page.evaluate(
      async ({ path, id }) => {
        const app = (window as any).jupyterapp;
        const context = app.shell.currentWidget.sessionContext;
        await context.ready;
        const kernel = context.session.kernel;
        await kernel.info;
        await kernel.requestExecute({
          code: 'nums = [1, 2, 3]\ngen = (i for i in [1])'
        }).done;
        const settings = app.serviceManager.serverSettings;
        const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
        const query = `path=${encodeURIComponent(path)}&kernel=${kernel.id}`;
        for (let i = 0; i < 20; i++) {
          const response = await fetch(
            `${settings.baseUrl}jupyterlab-checkpoints/checkpoints/${id}/variables?${query}`,
            { method: 'POST', headers: xsrf ? { 'X-XSRFToken': xsrf[1] } : {} }
          );
          if (response.status !== 409) {
            return response.status; // 409: the server has not seen the kernel idle yet
          }
          await new Promise(resolve => setTimeout(resolve, 250));
        }
        return 409;
      },
      { path, id: checkpoint.id }
    );
    expect(status).toBe(201);

    await page.evaluate(
      ({ path, id }) =>
        (window as any).jupyterapp.commands.execute('checkpoints:preview', {
          path,
          id
        }),
      { path, id: checkpoint.id }
    );
    // Notebook 7 shows the preview in a dialog over the notebook.
    const section = page
      .locator('.jp-checkpoints-preview')
      .getByRole('region', { name: 'Saved kernel variables' });
    const saved = section.getByRole('table', { name: /1 variable saved/ });
    await expect(saved.getByRole('rowheader')).toHaveText('nums');
    const skipped = section.getByRole('table', { name: '1 not saved' });
    await expect(skipped.getByRole('rowheader')).toHaveText('gen');
  });
});
