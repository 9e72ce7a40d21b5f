import { expect, test } from './fixtures';
import * as fs from 'fs';
import * as path from 'path';
import { makeProject, openFolderMode } from './helpers';

/** The server's root folder on this disk, as the page is told it. */
async function serverRoot(page: import('@playwright/test').Page) {
  return page.evaluate(
    () =>
      JSON.parse(document.getElementById('jupyter-config-data')!.textContent!)
        .serverRoot as string
  );
}

test('Open as New Folder names a link it did not re-create', async ({
  page,
  tmpPath
}) => {
  await makeProject(page, tmpPath);
  const base = path.join(await serverRoot(page), tmpPath);
  // proj/escape leads through `gate`, beside the folder: inside the root when the checkpoint is
  // taken, outside it once `gate` is pointed elsewhere. The new folder must not re-create it.
  const gate = path.join(base, 'gate');
  fs.symlinkSync('.', gate);
  fs.symlinkSync('../gate', path.join(base, 'proj', 'escape'));
  try {
    await page.evaluate(
      path =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:create-folder',
          { path }
        ),
      `${tmpPath}/proj`
    );
    fs.unlinkSync(gate);
    fs.symlinkSync('/', gate);

    const panel = await openFolderMode(page, `${tmpPath}/proj`);
    const entry = panel.getByRole('option').first();
    await entry.click();
    await entry.getByRole('button', { name: 'Preview' }).click();
    await expect(
      page.locator('.jp-checkpoints-folderPreview [data-file="escape"]')
    ).toBeVisible();
    await page
      .locator('.jp-checkpoints-folderView .jp-Toolbar')
      .getByRole('button', { name: 'Open as New Folder' })
      .click();

    // What was left out and why comes first: a notification shows its first 140 characters.
    await expect(
      page.getByText(
        "1 link not re-created, as it would lead outside the server's root: escape. " +
          'The checkpoint is now the folder '
      )
    ).toBeVisible();
    await page.getByRole('button', { name: 'Show Links' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('listitem')).toHaveText([
      "escape: its target would be outside the server's root"
    ]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);

    const copy = fs
      .readdirSync(base)
      .find(name => name.startsWith('proj (checkpoint '));
    expect(fs.readdirSync(path.join(base, copy!)).sort()).toEqual([
      'a.txt',
      'sub'
    ]);
  } finally {
    // No link out of the root is left for the clean-up to meet.
    fs.rmSync(gate, { force: true });
    fs.rmSync(path.join(base, 'proj', 'escape'), { force: true });
  }
});
