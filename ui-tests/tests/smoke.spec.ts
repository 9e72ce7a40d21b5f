import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  createViaApi,
  items,
  listViaApi,
  openPanel,
  putNotebook,
  setAutoSetting
} from './helpers';

/**
 * The smoke run: the panel, Ctrl+K, restore, the failure checkpoint and the settings, on every
 * supported JupyterLab (`make test-oldest` runs the @smoke tests on the oldest one too). They drive
 * JupyterLab through its commands and models, not through Galata's notebook helpers, whose selectors
 * follow the newest JupyterLab.
 */

/** Open `path` in the notebook editor and wait until its kernel has answered. */
async function openNotebook(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  await page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const widget = await app.commands.execute('docmanager:open', { path });
    await widget.context.ready;
    await widget.sessionContext.ready;
    await widget.sessionContext.session?.kernel?.info;
  }, path);
  await expect(page.locator('.jp-NotebookPanel:visible')).toHaveCount(1);
}

/** Replace the first cell's source of the current notebook, as typing would. */
async function setFirstCell(
  page: IJupyterLabPageFixture,
  source: string
): Promise<void> {
  await page.evaluate(source => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    panel.content.activeCellIndex = 0;
    panel.content.model.sharedModel.cells[0].setSource(source);
  }, source);
}

function firstCell(page: IJupyterLabPageFixture): Promise<string> {
  return page.evaluate(
    () =>
      (
        window as any
      ).jupyterapp.shell.currentWidget.content.model.sharedModel.cells[0].getSource() as string
  );
}

/** Put the keyboard focus in the notebook (command mode), where Ctrl+K applies. */
async function focusNotebook(page: IJupyterLabPageFixture): Promise<void> {
  await page.locator('.jp-NotebookPanel:visible .jp-Cell').first().click();
  await page.keyboard.press('Escape');
}

test.describe('smoke', () => {
  test('the panel lists checkpoints and Ctrl+K adds one @smoke', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/smoke-k.ipynb`;
    await putNotebook(page, path, 'a = 1');
    await openNotebook(page, path);
    const panel = await openPanel(page);
    const before = (await listViaApi(page, path)).length;
    await setFirstCell(page, 'a = 2');
    await focusNotebook(page);
    await page.keyboard.press('Control+k');
    await expect(items(panel)).toHaveCount(before + 1);
    await expect(items(panel).first()).toContainText('Manual');
    const listed = await listViaApi(page, path);
    expect(listed[listed.length - 1].kind).toBe('manual');
  });

  test('restore from the panel brings back the checkpoint and keeps the current state @smoke', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/smoke-restore.ipynb`;
    await putNotebook(page, path, 'a = 1');
    await createViaApi(page, path, { kind: 'manual', label: 'good' });
    await putNotebook(page, path, 'a = 2');
    await openNotebook(page, path);
    await setFirstCell(page, 'a = 3  # not saved');
    const panel = await openPanel(page);
    const entry = items(panel).filter({ hasText: 'good' });
    await entry.hover();
    await entry.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect.poll(() => firstCell(page)).toBe('a = 1');
    const kinds = (await listViaApi(page, path)).map(c => c.kind);
    expect(kinds).toContain('before-restore');
  });

  test('a failing cell yields a failure checkpoint @smoke', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/smoke-fail.ipynb`;
    await putNotebook(page, path, "raise ValueError('bad input')");
    await openNotebook(page, path);
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('notebook:run-all-cells')
    );
    await expect
      .poll(
        async () =>
          (await listViaApi(page, path))
            .filter(c => c.kind === 'failure')
            .map(c => c.label),
        { timeout: 20000 }
      )
      .toEqual(["ValueError in [1] raise ValueError('bad input')"]);
  });

  test('the settings change the autosave interval shown in the status bar @smoke', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/smoke-settings.ipynb`;
    await putNotebook(page, path, 'a = 1');
    await openNotebook(page, path);
    const status = page.locator('.jp-checkpoints-status');
    try {
      await setAutoSetting(page, 'autosaveInterval', 30);
      await expect(status).toContainText('Autosave 30 s');
    } finally {
      await setAutoSetting(page, 'autosaveInterval', 120);
    }
    await expect(status).toContainText('Autosave 2 min');
  });
});
