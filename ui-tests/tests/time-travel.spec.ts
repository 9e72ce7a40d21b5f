import { expect, test } from './fixtures';
import {
  createViaApi,
  items,
  notebook,
  openInNotebook7,
  openPanel
} from './helpers';

const NB = 'travel.ipynb';

test.describe('time travel', () => {
  test('a slider over the checkpoints, then now, with the keyboard alone', async ({
    page,
    tmpPath
  }, testInfo) => {
    const path = `${tmpPath}/${NB}`;
    // Three checkpoints, each holding another text in the same cell.
    for (const text of ['first = 1', 'second = 2', 'third = 3']) {
      await page.evaluate(
        async ({ path, json }) => {
          const app = (window as any).jupyterapp;
          await app.serviceManager.contents.save(path, {
            type: 'notebook',
            format: 'json',
            content: JSON.parse(json)
          });
        },
        { path, json: notebook(text, 'unchanged = 0') }
      );
      await createViaApi(page, path, { kind: 'manual' });
    }
    await page.notebook.open(NB);
    // Now: an unsaved edit of the open notebook.
    await page.notebook.setCell(0, 'code', 'now = 4');
    const panel = await openPanel(page);
    await expect(items(panel)).toHaveCount(3);
    // The panel's toolbar has its button (declared in the plugin's schema).
    await expect(
      panel.locator('.jp-Toolbar [data-command="checkpoints:time-travel"]')
    ).toBeVisible();

    // Opened from the command palette, by keyboard.
    await page.notebook.activate(NB);
    await page.keyboard.press('Control+Shift+c');
    await page.keyboard.type('Time Travel');
    await page.keyboard.press('Enter');
    const view = page.locator('.jp-checkpoints-timeTravel');
    const slider = view.getByRole('slider', {
      name: 'Position in the history'
    });
    await expect(slider).toBeFocused();
    const firstCell = view.locator('.jp-checkpoints-previewCell').first();
    await expect(firstCell).toContainText('now = 4');
    await expect(slider).toHaveAttribute('aria-valuetext', /^Now/);

    await page.keyboard.press('Home');
    await expect(firstCell).toContainText('first = 1');
    await expect(slider).toHaveAttribute('aria-valuetext', /Manual/);
    await expect(view.locator('.jp-checkpoints-ttMark')).toHaveCount(0);

    await page.keyboard.press('ArrowRight');
    await expect(firstCell).toContainText('second = 2');
    // The changed cell is marked, in text; the unchanged one is not.
    await expect(view.locator('.jp-checkpoints-ttMark')).toHaveText([
      'Changed'
    ]);
    await expect(firstCell.locator('.jp-checkpoints-ttMark')).toHaveText(
      'Changed'
    );
    await expect(view.locator('.jp-checkpoints-ttSummary')).toContainText(
      '1 changed'
    );
    await view.screenshot({
      path: testInfo.outputPath('time-travel-light.png')
    });

    await page.keyboard.press('End');
    await expect(firstCell).toContainText('now = 4');

    // Back to the second checkpoint, then Restore (Tab past "Compare two").
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect(firstCell).toContainText('second = 2');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(view.getByRole('button', { name: 'Restore' })).toBeFocused();
    await page.keyboard.press('Enter');
    const notebookFirstCell = () =>
      page.evaluate(
        p =>
          Array.from((window as any).jupyterapp.shell.widgets('main'))
            .find((w: any) => w.context?.path === p && w.content?.model)
            ?.content.model.sharedModel.cells[0].getSource(),
        path
      );
    await expect.poll(notebookFirstCell).toBe('second = 2');
    // The slider follows the entries the restore made, staying at the position restored.
    await expect(slider).toHaveAttribute('max', '5');
    await expect(firstCell).toContainText('second = 2');
    await page.theme.setDarkTheme();
    await view.screenshot({
      path: testInfo.outputPath('time-travel-dark.png')
    });
  });
});

test("from a cell's context menu it keeps that cell in view; Compare two marks any two positions", async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/menu.ipynb`;
  for (const [a, b] of [
    ['a = 1', 'b = 1'],
    ['a = 2', 'b = 1'],
    ['a = 3', 'b = 3']
  ]) {
    await page.contents.uploadContent(notebook(a, b), 'text', path);
    await createViaApi(page, path, { kind: 'manual' });
  }
  await page.notebook.open('menu.ipynb');
  // Right-click the second cell (not the active one).
  await page.notebook.selectCells(0);
  await page
    .locator('.jp-Notebook .jp-Cell')
    .nth(1)
    .locator('.jp-InputArea-editor')
    .click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Time Travel' }).click();
  const view = page.locator('.jp-checkpoints-timeTravel');
  const revealed = view.locator('.jp-checkpoints-previewCell.jp-mod-revealed');
  await expect(revealed).toContainText('b = 3');
  await page.keyboard.press('Home');
  await expect(revealed).toContainText('b = 1');

  // A second handle: the oldest against the newest checkpoint.
  await view.getByRole('button', { name: 'Compare two' }).click();
  const second = view.getByRole('slider', { name: 'Compared with' });
  await expect(second).toBeVisible();
  const main = view.getByRole('slider', { name: 'Position in the history' });
  await main.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await second.focus();
  await page.keyboard.press('Home');
  await expect(view.locator('.jp-checkpoints-ttSummary')).toContainText(
    '2 changed'
  );
  await expect(
    view.getByRole('button', { name: 'Compare These Two' })
  ).toBeEnabled();
});

test('Notebook 7: time travel opens in a dialog over the notebook', async ({
  page,
  baseURL,
  tmpPath
}) => {
  const path = `${tmpPath}/nb7-travel.ipynb`;
  await page.contents.uploadContent(notebook('old = 1'), 'text', path);
  await createViaApi(page, path, { kind: 'manual' });
  await page.contents.uploadContent(notebook('new = 2'), 'text', path);
  await openInNotebook7(page, baseURL!, path);
  await page.evaluate(
    p =>
      (window as any).jupyterapp.commands.execute('checkpoints:time-travel', {
        path: p
      }),
    path
  );
  const dialog = page.locator('.jp-checkpoints-viewDialog');
  const slider = dialog.getByRole('slider', {
    name: 'Position in the history'
  });
  await expect(slider).toBeFocused();
  const firstCell = dialog.locator('.jp-checkpoints-previewCell').first();
  await expect(firstCell).toContainText('new = 2');
  await page.keyboard.press('Home');
  await expect(firstCell).toContainText('old = 1');
  // The notebook stays open behind it.
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toContainText(
    'new = 2'
  );
});
