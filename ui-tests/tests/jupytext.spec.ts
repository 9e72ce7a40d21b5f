import { expect, test } from './fixtures';
import { Page } from '@playwright/test';
import { listViaApi } from './helpers';

// A Jupytext percent script, opened as a notebook (the test server runs jupytext's contents manager).
// Its header names a kernel: no "Select Kernel" dialog.
const SCRIPT = [
  '# ---',
  '# jupyter:',
  '#   kernelspec:',
  '#     display_name: Python 3',
  '#     language: python',
  '#     name: python3',
  '# ---',
  '',
  '# %%',
  'a = 1',
  '',
  '# %%',
  'b = 2',
  ''
].join('\n');

async function fileText(page: Page, path: string): Promise<string> {
  return page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get(path, {
      type: 'file',
      format: 'text',
      content: true
    });
    return model.content;
  }, path);
}

test('a Jupytext .py notebook: Ctrl+K, edit, restore writes the text back', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/script.py`;
  await page.contents.uploadContent(SCRIPT, 'text', path);
  await page.evaluate(async path => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path,
      factory: 'Notebook'
    });
  }, path);
  const cells = page.locator('.jp-NotebookPanel .jp-Cell');
  await expect(cells).toHaveCount(2);
  await expect(cells.first()).toContainText('a = 1');

  // Ctrl+K in command mode: a manual checkpoint of the .py, holding its text.
  await cells.first().locator('.jp-InputArea-editor').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  const manuals = async () =>
    (await listViaApi(page, path)).filter(c => c.kind === 'manual');
  await expect.poll(async () => (await manuals()).length).toBe(1);
  const [manual] = await manuals();
  // What the checkpoint holds: the script as saved then (Jupytext may have added its header).
  const saved = await fileText(page, path);
  expect(saved).toContain('a = 1\n');

  // Edit and save: Jupytext writes the script.
  await page.notebook.setCell(0, 'code', 'a = 100');
  await page.notebook.save();
  await expect.poll(() => fileText(page, path)).toContain('a = 100');

  await page.evaluate(
    args =>
      (window as any).jupyterapp.commands.execute('checkpoints:restore', args),
    { path, id: manual.id }
  );
  // The file is the checkpoint's text again, byte for byte, and the open notebook shows it.
  await expect.poll(() => fileText(page, path)).toBe(saved);
  await expect(cells.first()).toContainText('a = 1');
  await expect(cells.first()).not.toContainText('a = 100');
});
