// A fresh page per test (not ./fixtures' shared one):
// a second user's browser joins the first's room.
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { Page } from '@playwright/test';
import {
  createViaApi,
  items,
  listViaApi,
  openPanel,
  putNotebook,
  setAutoSetting
} from './helpers';

/**
 * Two users on one notebook with real-time collaboration (run by the `collab` project, whose server
 * has jupyter-collaboration on).
 */

/** The first cell's source in `page`'s shared model of the current notebook. */
function firstCell(page: Page | IJupyterLabPageFixture): Promise<string> {
  return page.evaluate(() => {
    const widget = (window as any).jupyterapp.shell.currentWidget;
    return widget?.content?.model?.sharedModel?.cells?.[0]?.getSource() ?? '';
  });
}

test('a restore shows at once for both users, and what B types after it is kept', async ({
  page,
  browser,
  baseURL,
  tmpPath
}) => {
  const path = `${tmpPath}/shared.ipynb`;
  await putNotebook(page, path, 'a = 1');
  await createViaApi(page, path, { kind: 'manual', label: 'good' });
  await putNotebook(page, path, 'a = 2');

  await page.notebook.openByPath(path);
  await expect.poll(() => firstCell(page)).toBe('a = 2');
  // User B, in a browser of their own.
  const other = await browser.newContext();
  const b = await other.newPage();
  await b.goto(`${baseURL}/lab/tree/${path}`);
  await b.waitForFunction(
    () =>
      (window as any).jupyterapp?.shell?.currentWidget?.content?.model
        ?.sharedModel?.cells?.length > 0
  );
  await expect.poll(() => firstCell(b)).toBe('a = 2');

  const panel = await openPanel(page);
  const entry = items(panel).filter({ hasText: 'good' });
  await entry.hover();
  const clicked = Date.now();
  await entry.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByText(/^Restored good/).first()).toBeVisible();
  // When A is told the restore is done, both show it (B within the time a change takes to travel).
  expect(await firstCell(page)).toBe('a = 1');
  await expect.poll(() => firstCell(b), { timeout: 2000 }).toBe('a = 1');
  const shown = Date.now() - clicked;

  // B types right after; nothing replaces it later (no reload of the whole document from disk).
  await b.evaluate(() => {
    const cell = (window as any).jupyterapp.shell.currentWidget.content.model
      .sharedModel.cells[0];
    cell.setSource(cell.getSource() + '\nb = 2  # typed by B');
  });
  await page.waitForTimeout(5000);
  const expected = 'a = 1\nb = 2  # typed by B';
  expect(await firstCell(page)).toBe(expected);
  expect(await firstCell(b)).toBe(expected);
  const onDisk = await page.evaluate(
    async p =>
      (await (window as any).jupyterapp.serviceManager.contents.get(p)).content
        .cells[0].source,
    path
  );
  expect(onDisk).toBe(expected);
  // The replaced shared state was kept.
  const kinds = (await listViaApi(page, path)).map(c => c.kind);
  expect(kinds).toContain('rollback');
  console.log(
    `collaboration: restore shown to both users ${shown} ms after the click`
  );
  await other.close();
});

test('checkpoint on autosave follows the room saving the shared notebook', async ({
  page,
  tmpPath
}) => {
  const path = `${tmpPath}/saved-by-room.ipynb`;
  await putNotebook(page, path, 'a = 1');
  await setAutoSetting(page, 'checkpointOnAutosavePeriod', 0);
  await setAutoSetting(page, 'checkpointOnAutosave', true);
  try {
    await page.notebook.openByPath(path);
    await expect.poll(() => firstCell(page)).toBe('a = 1');
    const autosaved = async () =>
      (await listViaApi(page, path)).filter(c => c.label === 'Autosave');
    expect(await autosaved()).toHaveLength(0);
    // A collaborator's typing: the room saves it after its save delay, and says so.
    await page.evaluate(() => {
      const cell = (window as any).jupyterapp.shell.currentWidget.content.model
        .sharedModel.cells[0];
      cell.setSource('a = 2  # saved by the room');
    });
    await expect
      .poll(async () => (await autosaved()).length, { timeout: 15000 })
      .toBe(1);
    const [made] = await autosaved();
    expect(made.kind).toBe('auto');
  } finally {
    await setAutoSetting(page, 'checkpointOnAutosave', false);
    await setAutoSetting(page, 'checkpointOnAutosavePeriod', 600);
  }
});
