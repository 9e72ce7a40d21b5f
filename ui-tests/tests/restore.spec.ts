import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  checkpointContent,
  createViaApi,
  items,
  listViaApi,
  openPanel,
  kernelSettled,
  putNotebook
} from './helpers';

/** The first cell's source in checkpoint `id` of `path`, read from the server. */
async function checkpointSource(
  page: IJupyterLabPageFixture,
  path: string,
  id: string
): Promise<string> {
  return (await checkpointContent(page, path, id)).content.cells[0].source;
}

/** Every open view of `path`: its kind, its model's text and whether it has unsaved edits. */
async function viewsOf(
  page: IJupyterLabPageFixture,
  path: string
): Promise<{ notebook: boolean; text: string; dirty: boolean; id: string }[]> {
  return page.evaluate(p => {
    const app = (window as any).jupyterapp;
    const found = [];
    for (const w of app.shell.widgets('main')) {
      const context = w.context;
      if (!context || context.path !== p) {
        continue;
      }
      const model = context.model;
      const notebook = 'cells' in model;
      found.push({
        notebook,
        text: notebook ? JSON.stringify(model.toJSON()) : model.toString(),
        dirty: model.dirty,
        id: w.id
      });
    }
    return found;
  }, path);
}

/** The first cell's source in the open notebook view of `path` (unsaved edits included). */
async function notebookSource(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string> {
  const view = (await viewsOf(page, path)).find(v => v.notebook);
  return view ? JSON.parse(view.text).cells[0].source : '';
}

/** Save the open document without the checkpoint JupyterLab's Save command adds. */
async function saveWithoutCheckpoint(page: IJupyterLabPageFixture) {
  await page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.context.save()
  );
}

test('restoring the oldest of ten from the panel keeps it and the unsaved state', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/full.ipynb`;
  for (let i = 0; i < 10; i++) {
    await putNotebook(page, path, `v = ${i}`);
    await createViaApi(page, path, { kind: 'auto', label: `version ${i}` });
  }
  const ids = (await listViaApi(page, path)).map(c => c.id);
  expect(ids).toHaveLength(10);
  await page.notebook.openByPath(path);
  const panel = await openPanel(page);
  await expect(items(panel)).toHaveCount(10);
  await page.notebook.setCell(0, 'code', 'unsaved = 1');

  const oldest = items(panel).filter({ hasText: 'version 0' });
  await oldest.hover();
  await oldest.getByRole('button', { name: 'Restore', exact: true }).click();

  await expect.poll(() => notebookSource(page, path)).toBe('v = 0');
  const listed = await listViaApi(page, path);
  const listedIds = listed.map(c => c.id);
  expect(listedIds).toContain(ids[0]);
  // Only one older state made room: the oldest that was not the target.
  expect(ids.filter(id => !listedIds.includes(id))).toEqual([ids[1]]);
  const kept = listed.filter(c => c.kind === 'before-restore');
  expect(kept).toHaveLength(1);
  expect(await checkpointSource(page, path, kept[0].id)).toBe('unsaved = 1');
  const counted = listed.filter(c => !c.pinned && c.counted !== false);
  expect(counted).toHaveLength(10);
});

test('ten unchanged Ctrl+S presses keep a manual checkpoint', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/habit.ipynb`;
  await page.notebook.createNew('habit.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 0');
  await page.notebook.selectCells(0);
  await page.keyboard.press('Control+k');
  await expect(page.getByText(/Checkpoint created/)).toBeVisible();
  // Nine edits, each saved (JupyterLab adds a checkpoint after each save): the history is full.
  const newest = async () => (await listViaApi(page, path)).pop()?.id;
  for (let i = 1; i <= 9; i++) {
    const last = await newest();
    await page.notebook.setCell(0, 'code', `x = ${i}`);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+s');
    await expect.poll(newest).not.toBe(last);
  }
  const full = await listViaApi(page, path);
  expect(full.map(c => c.kind)).toContain('manual');
  // Ten more presses with nothing changed.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(1000);
  const after = await listViaApi(page, path);
  expect(after.map(c => c.id)).toEqual(full.map(c => c.id));
  expect(after.map(c => c.kind)).toContain('manual');
});

test('File > Revert Notebook to Checkpoint keeps the state it replaces', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/revert.ipynb`;
  await putNotebook(page, path, 'a = 1');
  await createViaApi(page, path, { kind: 'manual' });
  await page.notebook.openByPath(path);
  await page.notebook.setCell(0, 'code', 'a = 2  # saved, in no checkpoint');
  await saveWithoutCheckpoint(page);
  expect(await listViaApi(page, path)).toHaveLength(1);

  await page.menu.clickMenuItem('File>Revert Notebook to Checkpoint…');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Revert/ })
    .click();
  await expect.poll(() => notebookSource(page, path)).toBe('a = 1');

  const panel = await openPanel(page);
  const kept = items(panel).filter({ hasText: 'Before restore' });
  await expect(kept).toHaveCount(1);
  const id = (await kept.getAttribute('data-checkpoint-id'))!;
  expect(await checkpointSource(page, path, id)).toBe(
    'a = 2  # saved, in no checkpoint'
  );
});

test('a restore saves and reverts every open view of the file, the Editor included @solo', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/views.ipynb`;
  await putNotebook(page, path, 'a = 1');
  const checkpoint = await createViaApi(page, path, {
    kind: 'manual',
    label: 'the good one'
  });
  await putNotebook(page, path, 'a = 2');
  // The same file in the Editor and in the Notebook view, each with unsaved edits.
  await page.evaluate(async p => {
    const app = (window as any).jupyterapp;
    const editor = await app.commands.execute('docmanager:open', {
      path: p,
      factory: 'Editor'
    });
    await editor.context.ready;
  }, path);
  // Typed in the Editor (JSON stays valid: a new line after the last brace).
  await page.locator('.jp-FileEditor .cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.evaluate(async p => {
    const app = (window as any).jupyterapp;
    const notebook = await app.commands.execute('docmanager:open', {
      path: p,
      factory: 'Notebook'
    });
    await notebook.context.ready;
    notebook.context.model.sharedModel.cells[0].setSource('a = 4  # notebook');
  }, path);
  const views = await viewsOf(page, path);
  expect(views.map(v => [v.notebook, v.dirty]).sort()).toEqual([
    [false, true],
    [true, true]
  ]);
  const panel = await openPanel(page);
  const entry = items(panel).filter({ hasText: 'the good one' });
  await entry.hover();
  await entry.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect.poll(() => notebookSource(page, path)).toBe('a = 1');

  const editor = async () => (await viewsOf(page, path)).find(v => !v.notebook);
  await expect
    .poll(async () => (await editor())?.text ?? '')
    .toContain('a = 1');
  expect((await editor())?.dirty).toBe(false);

  // Both unsaved states were kept before the restore.
  const listed = await listViaApi(page, path);
  const sources = await Promise.all(
    listed
      .filter(c => c.kind === 'before-restore')
      .map(c => checkpointSource(page, path, c.id))
  );
  expect(sources.sort()).toEqual(['a = 2', 'a = 4  # notebook']);
  expect(listed.map(c => c.id)).toContain(checkpoint.id);
  // The editor's next save raises no "File Changed" conflict.
  await page.evaluate(
    id => (window as any).jupyterapp.shell.activateById(id),
    (await editor())!.id
  );
  await page.locator('.jp-FileEditor .cm-content').first().click();
  await page.keyboard.press('Control+s');
  await page.waitForTimeout(1000);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('restore selected cells applies once, even when clicked twice @solo', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/cells.ipynb`;
  await putNotebook(page, path, 'a = 1');
  await page.notebook.openByPath(path);
  // @solo: under collaboration, a save asked for right after the notebook opens was left
  // unanswered by the room in one run of two (JupyterLab's context.save() never resolved).
  await kernelSettled(page);
  await page.notebook.addCell('code', 'b = 2');
  await page.notebook.save();
  const checkpoint = await createViaApi(page, path, { kind: 'manual' });
  await page.notebook.selectCells(1);
  await page.notebook.deleteCells();
  await page.notebook.save();
  const cellIds = () =>
    page.evaluate(p => {
      const app = (window as any).jupyterapp;
      for (const w of app.shell.widgets('main')) {
        if (w.context?.path === p && w.content?.model?.sharedModel) {
          return w.content.model.sharedModel
            .toJSON()
            .cells.map((c: any) => c.id);
        }
      }
      return [];
    }, path);
  const before = (await cellIds()).length;
  expect(before).toBe(1);
  await page.evaluate(
    args =>
      (window as any).jupyterapp.commands.execute('checkpoints:compare', args),
    { path, id: checkpoint.id }
  );
  const view = page.locator('.jp-checkpoints-compare');
  await view.getByRole('checkbox').first().check();
  await view.locator('.jp-checkpoints-restoreCells').dblclick();
  await expect(page.getByText(/Restored 1 cell/).first()).toBeVisible();
  await page.waitForTimeout(500);
  const cells = await cellIds();
  expect(cells).toHaveLength(before + 1);
  expect(new Set(cells).size).toBe(cells.length);
  // The comparison was made again: nothing left to restore for that cell.
  await expect(view.locator('.jp-checkpoints-restoreCells')).toBeDisabled();
});
