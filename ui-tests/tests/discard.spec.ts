import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  kernelSettled,
  listViaApi,
  notebook,
  openInNotebook7,
  putNotebook,
  setAutoSetting
} from './helpers';

/**
 * What the page holds, typed and never run nor saved, is kept before JupyterLab's own dialogs throw
 * it away, and after a while without edits: each time the history search finds the typed text in a
 * checkpoint of kind `unsaved`.
 */

const TYPED = 'typed_but_never_run = 42';

/** The checkpoints whose content holds `text`, as the history search route finds them. */
async function found(
  page: IJupyterLabPageFixture,
  path: string,
  text: string
): Promise<{ kind: string; label: string }[]> {
  return page.evaluate(
    async ({ path, text }) => {
      const app = (window as any).jupyterapp;
      const base = app.serviceManager.serverSettings.baseUrl;
      const query = new URLSearchParams({ path, q: text });
      const response = await fetch(
        `${base}jupyterlab-checkpoints/search?${query}`
      );
      const answer = await response.json();
      return (answer.hits ?? []).map((h: any) => ({
        kind: h.checkpoint.kind,
        label: h.checkpoint.label
      }));
    },
    { path, text }
  );
}

/** Starts a command without waiting for it: it waits on the dialog it opens. */
async function start(
  page: IJupyterLabPageFixture,
  command: string
): Promise<void> {
  await page.evaluate(command => {
    void (window as any).jupyterapp.commands.execute(command);
  }, command);
}

async function answer(
  page: IJupyterLabPageFixture,
  title: string,
  button: string
): Promise<void> {
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-Dialog-header')).toContainText(title);
  // By its text: some buttons have an aria-label of their own ('Discard changes to file').
  await dialog.getByRole('button').filter({ hasText: button }).click();
  await expect(dialog).toHaveCount(0);
}

/** Writes a notebook of one cell as Jupyter does. */
async function writeNotebook(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  await page.evaluate(
    async ({ path, content }) =>
      (window as any).jupyterapp.serviceManager.contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: JSON.parse(content)
      }),
    { path, content: notebook('first = 1') }
  );
}

/** Types into the open notebook's cell without running it. */
async function typeIntoOpen(page: IJupyterLabPageFixture): Promise<void> {
  await page.notebook.setCell(0, 'code', TYPED);
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as any).jupyterapp.shell.currentWidget.context.model.dirty
      )
    )
    .toBe(true);
}

/** Writes a notebook, opens it and types into its cell without running it. */
async function openAndType(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  await writeNotebook(page, path);
  await page.notebook.openByPath(path);
  await typeIntoOpen(page);
}

test.describe('unsaved changes are kept', () => {
  test.beforeEach(async ({ page }) => {
    // Nothing but the dialogs may keep the typed text.
    await setAutoSetting(page, 'autosave', false);
    await setAutoSetting(page, 'checkpointIdleEdits', 0);
  });

  test('before File Changed → Revert', async ({ page, tmpPath }) => {
    const path = `${tmpPath}/changed.ipynb`;
    await openAndType(page, path);
    // JupyterLab only calls a file changed when it is newer than the page's copy by 0.5 s.
    await page.waitForTimeout(1500);
    await putNotebook(page, path, 'written_by_another_program = 1');
    await page.keyboard.press('Control+s');
    await answer(page, 'File Changed', 'Revert');
    await expect(page.locator('.jp-Cell .cm-content').first()).toContainText(
      'written_by_another_program'
    );
    await expect
      .poll(() => found(page, path, TYPED), { timeout: 15000 })
      .toEqual([{ kind: 'unsaved', label: 'Unsaved changes before Revert' }]);
  });

  test('before closing with Discard', async ({ page, tmpPath }) => {
    const path = `${tmpPath}/closed.ipynb`;
    await openAndType(page, path);
    await start(page, 'application:close');
    await answer(page, 'Save your work', 'Discard');
    await expect
      .poll(() => found(page, path, TYPED), { timeout: 15000 })
      .toEqual([{ kind: 'unsaved', label: 'Unsaved changes before Close' }]);
  });

  test('before Reload from Disk', async ({ page, tmpPath }) => {
    const path = `${tmpPath}/reloaded.ipynb`;
    await openAndType(page, path);
    await start(page, 'docmanager:reload');
    await answer(page, 'Reload', 'Reload');
    await expect(page.locator('.jp-Cell .cm-content').first()).toContainText(
      'first = 1'
    );
    await expect
      .poll(() => found(page, path, TYPED), { timeout: 15000 })
      .toEqual([{ kind: 'unsaved', label: 'Unsaved changes before Reload' }]);
  });

  test('after a while without edits', async ({ page, tmpPath }) => {
    await setAutoSetting(page, 'checkpointIdleEdits', 2);
    const path = `${tmpPath}/idle.ipynb`;
    // Opened and left alone: the kernel fills in the metadata, which is no edit of the user's.
    await writeNotebook(page, path);
    await page.notebook.openByPath(path);
    await kernelSettled(page);
    await page.waitForTimeout(6000);
    const unsaved = async () =>
      (await listViaApi(page, path)).filter(c => c.kind === 'unsaved');
    expect(await unsaved()).toEqual([]);
    await typeIntoOpen(page);
    await expect
      .poll(() => found(page, path, TYPED), { timeout: 20000 })
      .toEqual([{ kind: 'unsaved', label: '' }]);
  });

  test('of a text file closed with Discard', async ({ page, tmpPath }) => {
    const path = `${tmpPath}/notes.txt`;
    await page.contents.uploadContent('on disk\n', 'text', path);
    await page.evaluate(async p => {
      await (window as any).jupyterapp.commands.execute('docmanager:open', {
        path: p
      });
    }, path);
    const editor = page.locator('.jp-FileEditor .cm-content');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(TYPED);
    await start(page, 'application:close');
    await answer(page, 'Save your work', 'Discard');
    await expect
      .poll(() => found(page, path, TYPED), { timeout: 15000 })
      .toEqual([{ kind: 'unsaved', label: 'Unsaved changes before Close' }]);
  });

  test('in Notebook 7, before Reload from Disk', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    const path = `${tmpPath}/nb7.ipynb`;
    await putNotebook(page, path, 'first = 1');
    await openInNotebook7(page, baseURL!, path);
    const editor = page.locator('.jp-Notebook .jp-Cell .cm-content').first();
    await expect(editor).toContainText('first = 1');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n${TYPED}`);
    await start(page, 'docmanager:reload');
    await answer(page, 'Reload', 'Reload');
    await expect(editor).not.toContainText(TYPED);
    await expect
      .poll(() => found(page, path, TYPED), { timeout: 15000 })
      .toEqual([{ kind: 'unsaved', label: 'Unsaved changes before Reload' }]);
  });
});
