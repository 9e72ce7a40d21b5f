import { expect, test } from './fixtures';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createViaApi, items, openPanel, putNotebook } from './helpers';

/** The server's root folder on this disk: galata's temporary folder that holds `relative`. */
function serverRoot(relative: string): string {
  const found = fs
    .readdirSync(os.tmpdir())
    .map(name => path.join(os.tmpdir(), name))
    .filter(dir => fs.existsSync(path.join(dir, relative)));
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every file below `dir` named `name`. */
function findFile(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return findFile(full, name);
    }
    return entry.name === name ? [full] : [];
  });
}

test('a damaged checkpoint shows a Damaged badge and cannot be restored', async ({
  page,
  tmpPath
}) => {
  const nb = `${tmpPath}/damaged.ipynb`;
  await putNotebook(page, nb, 'first');
  const damaged = await createViaApi(page, nb, { kind: 'manual' });
  await putNotebook(page, nb, 'second');
  const sound = await createViaApi(page, nb, { kind: 'manual' });
  // Its record overwritten on disk, as a failing disk or a stray editor leaves it.
  const store = path.join(serverRoot(nb), '.jupyter-checkpoints');
  const [record] = findFile(store, `${damaged.id}.json`);
  fs.writeFileSync(record, '{"id": "');

  await page.notebook.openByPath(nb);
  const panel = await openPanel(page);
  const entry = panel.locator(`[data-checkpoint-id="${damaged.id}"]`);
  await expect(entry.getByText('Damaged', { exact: true })).toBeVisible();
  const other = panel.locator(`[data-checkpoint-id="${sound.id}"]`);
  await expect(other.getByText('Damaged', { exact: true })).toHaveCount(0);
  // A row's actions show on the selected row.
  await other.click();
  await expect(other.getByRole('button', { name: 'Restore' })).toBeEnabled();
  await entry.click();
  await expect(entry.getByRole('button', { name: 'Restore' })).toBeDisabled();
  // It can be deleted (Delete on the focused entry asks first).
  await entry.focus();
  await page.keyboard.press('Delete');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(
    panel.locator(`[data-checkpoint-id="${damaged.id}"]`)
  ).toHaveCount(0);
  await expect(items(panel)).toHaveCount(1);
});
