import { expect, test } from './fixtures';
import { checkpointContent, items, listViaApi, openPanel } from './helpers';

// Not .py: with jupytext installed, the contents API reads Python scripts as notebooks.
const FILE = 'notes.txt';

/** The text of the open editor, as CodeMirror holds it. */
async function editorText(page: any): Promise<string> {
  return page.evaluate(() =>
    (
      window as any
    ).jupyterapp.shell.currentWidget.content.model.sharedModel.getSource()
  );
}

/** Whether the open editor's document has unsaved changes. */
async function isDirty(page: any): Promise<boolean> {
  return page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.context.model.dirty
  );
}

/** The file's text as saved on the server. */
async function savedText(page: any, path: string): Promise<string> {
  return page.evaluate(async (p: string) => {
    const contents = (window as any).jupyterapp.serviceManager.contents;
    return (
      await contents.get(p, { type: 'file', format: 'text', content: true })
    ).content;
  }, path);
}

/** Upload `text` as `path`, open it in the editor and show its checkpoints. */
async function openText(page: any, path: string, text: string) {
  await page.contents.uploadContent(text, 'text', path);
  await page.evaluate(async (p: string) => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path: p
    });
  }, path);
  const editor = page.locator('.jp-FileEditor .cm-content');
  await editor.waitFor();
  const panel = await openPanel(page);
  await expect(panel.locator('.jp-checkpoints-document')).toHaveAttribute(
    'title',
    path
  );
  return { editor, panel };
}

test('text files: Ctrl+K in the editor, then restore an older version', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/${FILE}`;
  const { editor, panel } = await openText(page, path, 'threshold = 0.5\n');

  // Focus in the editor: Ctrl+K saves and makes a manual checkpoint of the first version.
  await editor.click();
  await page.keyboard.press('Control+k');
  await expect(items(panel).filter({ hasText: 'Manual' })).toHaveCount(1);

  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('threshold = 0.9  # tuned\n');
  await page.keyboard.press('Control+s');
  await expect.poll(() => editorText(page)).toContain('0.9');
  const tuned = await editorText(page);
  // JupyterLab's save made a checkpoint of the tuned version.
  await expect(items(panel).filter({ hasText: 'Save' })).toHaveCount(1);

  const manual = items(panel).filter({ hasText: 'Manual' }).first();
  await manual.hover();
  await manual.getByRole('button', { name: 'Restore' }).click();
  await expect.poll(() => editorText(page)).toBe('threshold = 0.5\n');
  await expect(items(panel).first()).toContainText('Rollback');
  // The tuned version is kept by that save checkpoint: no before-restore copy of it is added.
  const listed = await listViaApi(page, path);
  expect(listed.map((c: any) => c.kind)).toEqual([
    'manual',
    'save',
    'rollback'
  ]);
  const kept = await checkpointContent(page, path, listed[1].id);
  expect(kept.content).toBe(tuned);
});

test('text files: restore over unsaved edits keeps them in a before-restore checkpoint', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/${FILE}`;
  const { editor, panel } = await openText(page, path, 'threshold = 0.5\n');
  await editor.click();
  await page.keyboard.press('Control+k');
  await expect(items(panel).filter({ hasText: 'Manual' })).toHaveCount(1);

  // An edit that is typed, not saved.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('threshold = 0.7  # unsaved\n');
  await expect.poll(() => editorText(page)).toContain('0.7');
  const unsaved = await editorText(page);
  await expect.poll(() => isDirty(page)).toBe(true);
  expect(await savedText(page, path)).toBe('threshold = 0.5\n');

  const manual = items(panel).filter({ hasText: 'Manual' }).first();
  await manual.hover();
  await manual.getByRole('button', { name: 'Restore' }).click();
  await expect.poll(() => editorText(page)).toBe('threshold = 0.5\n');
  await expect.poll(() => savedText(page, path)).toBe('threshold = 0.5\n');
  await expect.poll(() => isDirty(page)).toBe(false);

  // The unsaved text was kept first, in a before-restore checkpoint.
  await expect(items(panel).filter({ hasText: 'Before restore' })).toHaveCount(
    1
  );
  const listed = await listViaApi(page, path);
  const kept = listed.filter((c: any) => c.kind === 'before-restore');
  expect(kept).toHaveLength(1);
  const content = await checkpointContent(page, path, kept[0].id);
  expect(content.format).toBe('text');
  expect(content.content).toBe(unsaved);
});
