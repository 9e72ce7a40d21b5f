import { expect, test } from './fixtures';
import {
  checkpointContent,
  createViaApi,
  items,
  kernelSettled,
  listViaApi,
  openPanel,
  putNotebook
} from './helpers';

const NB = 'history.ipynb';

test.describe('Checkpoints panel', () => {
  // Written through the contents API, then opened: a new notebook's rename from Untitled.ipynb can
  // race its first save under collaboration, which these tests also run with.
  test.beforeEach(async ({ page, tmpPath }) => {
    await putNotebook(page, `${tmpPath}/${NB}`, 'a = 1');
    await page.notebook.openByPath(`${tmpPath}/${NB}`);
  });

  test('Ctrl+K in a notebook adds an entry to the panel', async ({
    page,
    tmpPath
  }) => {
    await kernelSettled(page);
    const panel = await openPanel(page);
    // The save of beforeEach.
    await expect(items(panel)).toHaveCount(1);
    await page.notebook.setCell(0, 'code', 'a = 2');
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(
      page.getByText(`Checkpoint created for ${tmpPath}/${NB}`)
    ).toBeVisible();
    await expect(items(panel)).toHaveCount(2);
    await expect(items(panel).first()).toContainText('Manual');
    // Also from edit mode.
    await page.notebook.setCell(0, 'code', 'a = 3');
    await page.notebook.enterCellEditingMode(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel)).toHaveCount(3);
    // Without a change since, Ctrl+K keeps the newest entry as the checkpoint: none is added.
    await page.keyboard.press('Control+k');
    // (A toast shortens long messages: match the start.)
    await expect(
      page.getByText(/^No changes since the last checkpoint of /)
    ).toBeVisible();
    await expect(items(panel)).toHaveCount(3);
    const listed = await listViaApi(page, `${tmpPath}/${NB}`);
    expect(listed.map(c => c.kind)).toEqual(['save', 'manual', 'manual']);
  });

  test('restore brings back older cells and keeps the current state', async ({
    page,
    tmpPath
  }) => {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel).first()).toContainText('Manual');
    await page.notebook.setCell(0, 'code', 'b = 2  # unsaved edit');

    const manual = items(panel).filter({ hasText: 'Manual' }).first();
    await manual.hover();
    await manual.getByRole('button', { name: 'Restore' }).click();

    await expect(page.getByText(/^Restored /).first()).toBeVisible();
    expect(await page.notebook.getCellTextInput(0)).toBe('a = 1');
    await expect(items(panel).nth(0)).toContainText('Rollback');
    await expect(items(panel).nth(1)).toContainText('Before restore');

    // The before-restore checkpoint holds the unsaved edit.
    const listed = await listViaApi(page, `${tmpPath}/${NB}`);
    const before = listed.find(c => c.kind === 'before-restore');
    const kept = await checkpointContent(page, `${tmpPath}/${NB}`, before.id);
    expect(kept.content.cells[0].source).toBe('b = 2  # unsaved edit');
  });

  test('pin, name, unpin and delete: naming and pinning are separate', async ({
    page
  }) => {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    const entry = items(panel).first();
    await expect(entry).toContainText('Manual');

    await entry.hover();
    await entry.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect(entry.getByRole('button', { name: 'Unpin' })).toBeVisible();
    await expect(entry).toContainText('Manual checkpoint');

    await entry.hover();
    await entry.getByRole('button', { name: 'Rename' }).click();
    await page
      .getByRole('dialog')
      .getByRole('textbox')
      .fill('Baseline <img src=x onerror=alert(1)>');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Save' })
      .click();
    await expect(entry).toContainText('Baseline <img src=x onerror=alert(1)>');
    await expect(entry.locator('img')).toHaveCount(0);

    await entry.hover();
    await entry.getByRole('button', { name: 'Unpin' }).click();
    await expect(
      entry.getByRole('button', { name: 'Pin', exact: true })
    ).toBeVisible();
    // An unpinned entry keeps its name, and can be renamed.
    await expect(entry).toContainText('Baseline');
    await expect(entry.getByRole('button', { name: 'Rename' })).toBeVisible();

    const count = await items(panel).count();
    await entry.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(items(panel)).toHaveCount(count - 1);
  });

  test('open a checkpoint as a new notebook', async ({ page, tmpPath }) => {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel).first()).toContainText('Manual');
    const id = await items(panel).first().getAttribute('data-checkpoint-id');
    const path = await page.evaluate(
      ({ id }) =>
        (window as any).jupyterapp.commands.execute('checkpoints:open-as-new', {
          id
        }),
      { id }
    );
    expect(path).toMatch(
      new RegExp(`^${tmpPath}/history \\(checkpoint .+\\)\\.ipynb$`)
    );
    await expect(
      page.getByRole('main').getByRole('tab', { name: /history \(checkpoint/ })
    ).toBeVisible();
    expect(await page.contents.fileExists(path)).toBe(true);
  });

  test('copy link, then open it with the checkpoint selected', async ({
    page
  }) => {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel).first()).toContainText('Manual');
    const id = await items(panel).first().getAttribute('data-checkpoint-id');
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write']);
    const link: string = await page.evaluate(
      ({ id }) =>
        (window as any).jupyterapp.commands.execute('checkpoints:copy-link', {
          id
        }),
      { id }
    );
    expect(link).toContain(`?checkpoint=${id}`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      link
    );

    // Galata's goto waits for the launcher; a link opens the file instead, so navigate plainly.
    await page.evaluate(() => ((window as any).__beforeLink = true));
    await page.evaluate(url => window.location.assign(url), link);
    await page.waitForFunction(
      () => !(window as any).__beforeLink && (window as any).jupyterapp
    );
    await page.evaluate(() => (window as any).jupyterapp.restored);
    const reopened = page.locator('#jp-checkpoints-panel');
    await expect(reopened).toBeVisible();
    await expect(
      reopened.locator(`[data-checkpoint-id="${id}"]`)
    ).toHaveAttribute('aria-selected', 'true');
  });

  test('filters: failures only, pinned only, text @solo', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NB}`;
    // Each checkpoint holds other content: an unchanged create would reuse the newest entry.
    const bodies = [
      { kind: 'failure', label: 'ValueError in cell 1' },
      { kind: 'manual', label: 'Clean run', pinned: true },
      { kind: 'auto', label: 'Ran cells 1-3' }
    ];
    for (const [i, body] of bodies.entries()) {
      await putNotebook(page, path, `a = ${i + 2}`);
      const created = await createViaApi(page, path, body);
      expect(created).not.toHaveProperty('unchanged');
    }
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(items(panel)).toHaveCount(4);

    await panel.getByRole('button', { name: 'Failures only' }).click();
    await expect(items(panel)).toHaveCount(1);
    await expect(items(panel).first()).toContainText('ValueError in cell 1');
    await panel.getByRole('button', { name: 'Failures only' }).click();

    await panel.getByRole('button', { name: 'Pinned only' }).click();
    await expect(items(panel)).toHaveCount(1);
    await expect(items(panel).first()).toContainText('Clean run');
    await panel.getByRole('button', { name: 'Pinned only' }).click();

    // The one box filters the entries by label (and searches contents, where nothing matches).
    await panel
      .getByRole('searchbox', {
        name: 'Search the contents of all checkpoints'
      })
      .fill('ran cells');
    await expect(items(panel)).toHaveCount(1);
    await expect(items(panel).first()).toContainText('Ran cells 1-3');
    await expect(
      panel.getByText('3 of 10 unpinned, 1 of 10 pinned')
    ).toBeVisible();
  });

  test('keyboard: arrows move through the list', async ({ page }) => {
    const panel = await openPanel(page);
    await expect(items(panel)).toHaveCount(1);
    for (const [i, source] of ['a = 2', 'a = 3'].entries()) {
      await page.notebook.setCell(0, 'code', source);
      await page.notebook.selectCells(0);
      await page.keyboard.press('Control+k');
      await expect(items(panel)).toHaveCount(i + 2);
    }
    await items(panel).first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(items(panel).nth(1)).toBeFocused();
    await expect(items(panel).nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(items(panel).nth(2)).toBeFocused();

    // The context-menu key opens the item's action menu; Delete asks before deleting.
    await page.keyboard.press('ContextMenu');
    const menu = page.locator('.lm-Menu');
    await expect(menu.getByRole('menuitem', { name: 'Restore' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await items(panel).nth(2).focus();
    await page.keyboard.press('Delete');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(items(panel)).toHaveCount(2);
  });

  test('Ctrl+S and the file browser: the panel follows without a reload', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NB}`;
    const panel = await openPanel(page);
    const saves = items(panel).filter({ hasText: 'Save' });
    const savesListed = async () =>
      (await listViaApi(page, path)).filter(c => c.kind === 'save').length;
    const isCreate = (r: any) =>
      r.request().method() === 'POST' &&
      new URL(r.url()).pathname.endsWith(`/api/contents/${path}/checkpoints`);
    /** Ctrl+S, then the server's answer to the checkpoint JupyterLab asks for after saving. */
    const save = async () => {
      const created = page.waitForResponse(isCreate);
      await page.keyboard.press('Control+s');
      return (await created).json();
    };
    // The kernel writes its language into the notebook's metadata: let it, and save that first.
    await kernelSettled(page);
    await page.notebook.selectCells(0);
    await save();
    const count = await savesListed();
    await expect(saves).toHaveCount(count);

    // After an edit, JupyterLab's save makes a stock checkpoint, which the server part records as
    // kind "save": exactly one more.
    await page.notebook.setCell(0, 'code', 'a = 3');
    expect(await save()).not.toHaveProperty('unchanged');
    await expect(saves).toHaveCount(count + 1);
    expect(await savesListed()).toBe(count + 1);

    // Ctrl+S without an edit saves and asks for a checkpoint again: the newest is kept, none added.
    for (let i = 0; i < 10; i++) {
      expect(await save()).toMatchObject({ unchanged: true });
    }
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(saves).toHaveCount(count + 1);
    expect(await savesListed()).toBe(count + 1);

    await page.notebook.close();
    await expect(panel.getByText('No document is open.')).toBeVisible();
    // The panel shares the left area with the file browser: bring the browser forward first.
    await page.sidebar.openTab('filebrowser');
    await page.filebrowser.openDirectory(tmpPath);
    await page
      .getByRole('listitem', { name: new RegExp(NB) })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show Checkpoints' }).click();
    await expect(panel.locator('.jp-checkpoints-document')).toHaveAttribute(
      'title',
      `${tmpPath}/${NB}`
    );
    await expect(saves).toHaveCount(count + 1);
  });

  test('pin limit: pin is disabled with a reason, the server refusal is shown @solo', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/${NB}`;
    for (let i = 0; i < 10; i++) {
      await putNotebook(page, path, `pinned = ${i}`);
      await createViaApi(page, path, {
        kind: 'manual',
        label: `Pinned ${i}`,
        pinned: true
      });
    }
    await putNotebook(page, path, 'unpinned = 1');
    await createViaApi(page, path, { kind: 'manual' });
    const listed = await listViaApi(page, path);
    expect(listed.filter(c => c.pinned)).toHaveLength(10);
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    // The save of beforeEach, 10 pinned and 1 unpinned: the whole list, not an earlier answer.
    await expect(items(panel)).toHaveCount(12);
    await expect(
      panel.getByText('Pinned limit reached: unpin one before pinning another.')
    ).toBeVisible();
    const unpinned = items(panel).first();
    await unpinned.hover();
    const pin = unpinned.getByRole('button', { name: 'Pin', exact: true });
    await expect(pin).toBeDisabled();
    await expect(pin).toHaveAttribute(
      'title',
      /unpin another checkpoint first/
    );

    // Past the button (e.g. from the menu), the server's 409 message reaches the user.
    const id = await unpinned.getAttribute('data-checkpoint-id');
    void page.evaluate(
      id =>
        (window as any).jupyterapp.commands.execute('checkpoints:pin', { id }),
      id
    );
    await expect(page.getByRole('dialog')).toContainText(
      'Cannot pin the checkpoint'
    );
    await expect(page.getByRole('dialog')).toContainText(
      'already has 10 pinned checkpoints'
    );
  });

  test('deleted files view restores a kept checkpoint as a file', async ({
    page,
    tmpPath
  }) => {
    const panel = await openPanel(page);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect(items(panel).first()).toContainText('Manual');
    await page.notebook.close();
    await page.contents.deleteFile(`${tmpPath}/${NB}`);

    await panel.getByRole('button', { name: 'Deleted files' }).click();
    const deleted = panel.getByRole('list', { name: 'Deleted files' });
    await expect(deleted).toContainText(`${tmpPath}/${NB}`);
    await deleted
      .getByRole('button', { name: 'Restore as file' })
      .first()
      .click();
    await expect(
      page.getByRole('main').getByRole('tab', { name: NB })
    ).toBeVisible();
    expect(await page.contents.fileExists(`${tmpPath}/${NB}`)).toBe(true);
    expect(await page.notebook.getCellTextInput(0)).toBe('a = 1');
  });
});
