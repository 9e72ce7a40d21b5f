import { expect, test } from '@jupyterlab/galata';
import { items, listViaApi, openPanel } from './helpers';

const FILE = 'notes.py';

/** The text of the open editor, as CodeMirror holds it. */
async function editorText(page: any): Promise<string> {
  return page.evaluate(() =>
    (
      window as any
    ).jupyterapp.shell.currentWidget.content.model.sharedModel.getSource()
  );
}

test('text files: Ctrl+K in the editor, then restore an older version', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/${FILE}`;
  await page.contents.uploadContent('threshold = 0.5\n', 'text', path);
  await page.evaluate(
    p =>
      (window as any).jupyterapp.commands.execute('docmanager:open', {
        path: p
      }),
    path
  );
  const editor = page.locator('.jp-FileEditor .cm-content');
  await editor.waitFor();
  const panel = await openPanel(page);
  await expect(panel.locator('.jp-checkpoints-document')).toHaveAttribute(
    'title',
    path
  );

  // Focus in the editor: Ctrl+K saves and makes a manual checkpoint of the first version.
  await editor.click();
  await page.keyboard.press('Control+k');
  await expect(items(panel).filter({ hasText: 'Manual' })).toHaveCount(1);

  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('threshold = 0.9  # tuned\n');
  await page.keyboard.press('Control+s');
  await expect.poll(() => editorText(page)).toContain('0.9');

  const manual = items(panel).filter({ hasText: 'Manual' }).first();
  await manual.hover();
  await manual.getByRole('button', { name: 'Restore' }).click();
  await expect.poll(() => editorText(page)).toBe('threshold = 0.5\n');
  // The tuned version was kept before the restore.
  const listed = await listViaApi(page, path);
  expect(listed.map((c: any) => c.kind)).toEqual(
    expect.arrayContaining(['manual', 'before-restore', 'rollback'])
  );
});
