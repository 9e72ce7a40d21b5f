import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';

/**
 * After the extension changes a file on disk, every open view of it shows what is on disk, and the
 * next save raises no "File Changed" (whose focused Overwrite would undo the restore). A file
 * changed outside the page (the command line) is reloaded where the page has no unsaved edits.
 */

/** A file's text as the server has it now. */
async function readText(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string> {
  return page.evaluate(
    async path =>
      (
        await (window as any).jupyterapp.serviceManager.contents.get(path, {
          content: true,
          type: 'file',
          format: 'text'
        })
      ).content,
    path
  );
}

/** The text of every open context of `path` (one per model: the editor, Open With > Editor...). */
async function openTexts(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string[]> {
  return page.evaluate(
    path =>
      Array.from(
        new Set(
          Array.from((window as any).jupyterapp.shell.widgets('main'))
            .map((w: any) => w.context)
            .filter((c: any) => c?.path === path)
        )
      ).map((c: any) => c.model.toString()),
    path
  );
}

/** Checkpoint `folder` and return the id of its newest folder checkpoint. */
async function checkpointFolder(
  page: IJupyterLabPageFixture,
  folder: string
): Promise<string> {
  return page.evaluate(async folder => {
    const app = (window as any).jupyterapp;
    await app.commands.execute('checkpoints:create-folder', { path: folder });
    const url = `${app.serviceManager.serverSettings.baseUrl}jupyterlab-checkpoints/folders/checkpoints?path=${encodeURIComponent(folder)}`;
    const answer = await (await fetch(url)).json();
    const list: any[] = Array.isArray(answer) ? answer : answer.checkpoints;
    return list[list.length - 1].id;
  }, folder);
}

test.describe('open views follow what is on disk', () => {
  test('Restore This File of a folder checkpoint: the open editors show it and Ctrl+S keeps it', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/proj`;
    const path = `${folder}/a.txt`;
    await page.contents.uploadContent('v1\n', 'text', path);
    const id = await checkpointFolder(page, folder);
    await page.contents.uploadContent('v2\n', 'text', path);
    // Open twice: the editor and a second view (New View shares the context).
    await page.evaluate(async path => {
      const app = (window as any).jupyterapp;
      const widget = await app.commands.execute('docmanager:open', { path });
      await widget.context.ready;
      await app.commands.execute('docmanager:clone', {});
    }, path);
    await expect.poll(() => openTexts(page, path)).toEqual(['v2\n']);

    await page.evaluate(
      args =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:folder-restore-file',
          args
        ),
      { path: folder, id, file: 'a.txt' }
    );
    expect(await readText(page, path)).toBe('v1\n');
    await expect.poll(() => openTexts(page, path)).toEqual(['v1\n']);
    await expect(page.locator('.jp-FileEditor .cm-content').first()).toHaveText(
      'v1'
    );

    // Save from the editor: no "File Changed" dialog, the restore stays on disk.
    await page.locator('.jp-FileEditor .cm-content').first().click();
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(1000);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    expect(await readText(page, path)).toBe('v1\n');
  });

  test('Restore Folder: an editor with unsaved edits shows the restored file, its edits kept in the folder checkpoint', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/whole`;
    const path = `${folder}/b.txt`;
    await page.contents.uploadContent('v1\n', 'text', path);
    const id = await checkpointFolder(page, folder);
    await page.evaluate(async path => {
      const app = (window as any).jupyterapp;
      const widget = await app.commands.execute('docmanager:open', { path });
      await widget.context.ready;
    }, path);
    // An unsaved edit: only the page has it.
    await page.locator('.jp-FileEditor .cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('unsaved draft');
    await expect.poll(() => openTexts(page, path)).toEqual(['unsaved draft']);

    void page.evaluate(
      args =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:folder-restore',
          args
        ),
      { path: folder, id }
    );
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Restore Folder' })
      .click();
    await expect(page.getByText(/1 file restored/)).toBeVisible();
    expect(await readText(page, path)).toBe('v1\n');
    await expect.poll(() => openTexts(page, path)).toEqual(['v1\n']);
    // The draft went to disk first, so the folder's before-restore checkpoint holds it.
    const kept = await page.evaluate(async folder => {
      const app = (window as any).jupyterapp;
      const base = `${app.serviceManager.serverSettings.baseUrl}jupyterlab-checkpoints/folders/checkpoints`;
      const answer = await (
        await fetch(`${base}?path=${encodeURIComponent(folder)}`)
      ).json();
      const list: any[] = Array.isArray(answer) ? answer : answer.checkpoints;
      const before = list.find(c => c.kind === 'before-restore');
      const file = await fetch(
        `${base}/${before.id}/file?path=${encodeURIComponent(folder)}&file=b.txt&format=json`
      );
      return (await file.json()).content;
    }, folder);
    expect(kept).toBe('unsaved draft');
    await page.locator('.jp-FileEditor .cm-content').click();
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(1000);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    expect(await readText(page, path)).toBe('v1\n');
  });

  test('a file changed outside the page is reloaded in its clean editor', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/cli.txt`;
    await page.contents.uploadContent('before\n', 'text', path);
    await page.evaluate(async path => {
      await (window as any).jupyterapp.commands.execute('docmanager:open', {
        path
      });
    }, path);
    await expect.poll(() => openTexts(page, path)).toEqual(['before\n']);
    // Another client (e.g. `jupyter checkpoints restore`) writes the file: the page is not told.
    await page.waitForTimeout(1100); // a newer modification time than the page's load
    await page.contents.uploadContent('restored\n', 'text', path);
    await expect
      .poll(() => openTexts(page, path), { timeout: 15000 })
      .toEqual(['restored\n']);
    await page.locator('.jp-FileEditor .cm-content').click();
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(1000);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    expect(await readText(page, path)).toBe('restored\n');
  });
});

test.describe('cells restored or inspected from the notebook', () => {
  test("Show Cell History from a cell's context menu shows that cell, not the active one", async ({
    page
  }) => {
    const name = 'menu.ipynb';
    await page.notebook.createNew(name);
    await page.notebook.setCell(0, 'code', 'first = 1');
    await page.notebook.addCell('code', 'second = 2');
    await page.notebook.save();
    // Both cells selected, the second active: a right-click on a selected cell keeps the active one.
    await page.notebook.selectCells(0, 1);
    const active = () =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex
      );
    expect(await active()).toBe(1);
    await page
      .locator('.jp-Notebook .jp-Cell')
      .nth(0)
      .locator('.jp-InputPrompt')
      .click({ button: 'right' });
    expect(await active()).toBe(1);
    await page.getByRole('menuitem', { name: 'Show Cell History' }).click();
    await expect(
      page.getByText(`History of cell 1 of ${name}`).first()
    ).toBeVisible();
  });

  test('restoring a cell with outputs from Compare keeps the notebook trusted', async ({
    page,
    tmpPath
  }) => {
    const name = 'trust.ipynb';
    await page.notebook.createNew(name);
    await page.notebook.setCell(0, 'code', 'print("old")');
    await page.notebook.runCell(0, true);
    await page.notebook.save();
    const path = `${tmpPath}/${name}`;
    const id = await page.evaluate(async path => {
      const app = (window as any).jupyterapp;
      const url = `${app.serviceManager.serverSettings.baseUrl}jupyterlab-checkpoints/checkpoints?path=${encodeURIComponent(path)}`;
      const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify({ kind: 'manual' }),
        headers: xsrf ? { 'X-XSRFToken': xsrf[1] } : {}
      });
      return (await response.json()).id;
    }, path);
    await page.notebook.setCell(0, 'code', 'print("new")');
    await page.notebook.runCell(0, true);
    const untrusted = () =>
      page.evaluate(
        () =>
          (
            window as any
          ).jupyterapp.shell.currentWidget?.content?.widgets?.filter(
            (c: any) => c.model.type === 'code' && !c.model.trusted
          ).length ?? -1
      );
    expect(await untrusted()).toBe(0);

    await page.evaluate(
      args =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:compare',
          args
        ),
      { path, id }
    );
    const view = page.locator('.jp-checkpoints-compare');
    await view.getByRole('checkbox').first().check();
    await view
      .getByRole('button', { name: 'Restore selected cells (1)', exact: true })
      .click();
    await page.notebook.activate(name);
    await expect
      .poll(() => page.notebook.getCellTextInput(0))
      .toBe('print("old")');
    expect(await untrusted()).toBe(0);
  });
});
