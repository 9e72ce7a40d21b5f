import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import {
  checkpointProjectFromBrowser,
  makeProject,
  openFolderMode
} from './helpers';

/** A file's text, read through the contents API (as the server has it now). */
async function readText(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string> {
  return page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get(path, {
      content: true,
      type: 'file',
      format: 'text'
    });
    return model.content;
  }, path);
}

/** The names a folder holds, through the contents API. */
async function listNames(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string[]> {
  return page.evaluate(async path => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get(path, {
      content: true
    });
    return model.content.map((m: any) => m.name).sort();
  }, path);
}

/** Checkpoint `folder` through the command, as the palette does. */
async function checkpointFolder(
  page: IJupyterLabPageFixture,
  folder: string
): Promise<void> {
  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute('checkpoints:create-folder', {
        path
      }),
    folder
  );
}

test.describe('Folder checkpoints', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await makeProject(page, tmpPath);
  });

  test('checkpoint a folder from the file browser, restore one file, open it as a new folder', async ({
    page,
    tmpPath
  }) => {
    // The file browser's context menu on the folder.
    await checkpointProjectFromBrowser(page, tmpPath);

    // A change after the checkpoint.
    await page.contents.uploadContent('v2\n', 'text', `${tmpPath}/proj/a.txt`);

    // The panel in Folder mode follows the file browser's current folder.
    const panel = await openFolderMode(page, `${tmpPath}/proj`);
    await expect(panel.getByRole('radio', { name: 'Folder' })).toHaveAttribute(
      'aria-checked',
      'true'
    );
    const entries = panel.getByRole('option');
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText('2 files');

    // The preview marks the changed file; Restore This File brings back its recorded content.
    await entries.first().click();
    await entries.first().getByRole('button', { name: 'Preview' }).click();
    const preview = page.locator('.jp-checkpoints-folderPreview');
    await expect(preview).toBeVisible();
    const row = preview.locator('[data-file="a.txt"]');
    await expect(row).toHaveAttribute('data-status', 'changed');
    await expect(preview.locator('[data-file="sub/b.txt"]')).toHaveAttribute(
      'data-status',
      'unchanged'
    );
    await row.getByRole('button', { name: 'Restore This File: a.txt' }).click();
    await expect
      .poll(() => readText(page, `${tmpPath}/proj/a.txt`))
      .toBe('v1\n');
    // The preview follows the folder: the file no longer differs.
    await expect(row).toHaveAttribute('data-status', 'unchanged');

    // Open as New Folder: the recorded files beside the folder, shown in the file browser.
    await page
      .locator('.jp-checkpoints-folderView .jp-Toolbar')
      .getByRole('button', { name: 'Open as New Folder' })
      .click();
    await expect(
      page.getByText(/^The checkpoint is now the folder /)
    ).toBeVisible();
    const names = await listNames(page, tmpPath);
    const copy = names.find(n => n.startsWith('proj (checkpoint '));
    expect(copy).toMatch(/^proj \(checkpoint \d{4}-\d\d-\d\d \d\d\.\d\d\)$/);
    expect(await listNames(page, `${tmpPath}/${copy}`)).toEqual([
      'a.txt',
      'sub'
    ]);
    expect(await readText(page, `${tmpPath}/${copy}/a.txt`)).toBe('v1\n');
    expect(await readText(page, `${tmpPath}/${copy}/sub/b.txt`)).toBe(
      'inner\n'
    );
    await expect(page.locator('.jp-BreadCrumbs')).toContainText(copy!);
    await expect(
      page.locator('.jp-DirListing-item', { hasText: 'a.txt' })
    ).toBeVisible();
  });

  test('Restore Folder lists files created since and can move them to the trash', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/proj`;
    await checkpointFolder(page, folder);
    await page.contents.uploadContent('v2\n', 'text', `${folder}/a.txt`);
    await page.contents.uploadContent('draft\n', 'text', `${folder}/new.txt`);

    const panel = await openFolderMode(page, folder);
    const entry = panel.getByRole('option').first();
    await expect(entry).toContainText('2 files');
    // Keyboard: the entry takes the focus, Enter opens the preview.
    await entry.focus();
    await page.keyboard.press('Enter');
    const preview = page.locator('.jp-checkpoints-folderPreview');
    await expect(preview.locator('[data-file="new.txt"]')).toHaveAttribute(
      'data-status',
      'added'
    );
    await page
      .locator('.jp-checkpoints-folderView .jp-Toolbar')
      .getByRole('button', { name: 'Restore Folder' })
      .click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByRole('listitem')).toHaveText(['new.txt']);
    await dialog
      .getByRole('checkbox', {
        name: 'Also move files created since to the trash'
      })
      .check();
    await dialog.getByRole('button', { name: 'Restore Folder' }).click();
    await expect(
      page.getByText(/1 file restored, 1 moved to the trash\./)
    ).toBeVisible();
    expect(await readText(page, `${folder}/a.txt`)).toBe('v1\n');
    expect(await listNames(page, folder)).toEqual(['a.txt', 'sub']);
    // The state before the restore is kept as a folder checkpoint of its own.
    await expect(panel.getByRole('option')).toHaveCount(2);
    await expect(panel.getByRole('option').first()).toContainText(
      'Before restore'
    );
  });

  test('open a recorded file read-only, compare it with now, download the checkpoint as a zip', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/proj`;
    await checkpointFolder(page, folder);
    await page.contents.uploadContent('v2\n', 'text', `${folder}/a.txt`);
    const panel = await openFolderMode(page, folder);
    await panel.getByRole('option').first().click();
    await panel
      .getByRole('option')
      .first()
      .getByRole('button', { name: 'Preview' })
      .click();
    const preview = page.locator('.jp-checkpoints-folderPreview');
    // The panel entry's context menu holds the folder actions.
    const downloading = page.waitForEvent('download');
    await panel.getByRole('option').first().click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Download as .zip' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^proj-checkpoint-.+\.zip$/);

    await preview
      .getByRole('button', { name: 'Open a.txt as recorded' })
      .click();
    await expect(page.locator('.jp-checkpoints-previewText')).toHaveText(
      'v1\n'
    );
    // The recorded file opened in a tab of its own, in front: back to the folder preview's tab.
    const previewTab = await preview.evaluate(n =>
      n.closest('.jp-MainAreaWidget')!.getAttribute('aria-labelledby')
    );
    await page.locator(`[id="${previewTab}"]`).click();
    await preview
      .getByRole('button', { name: 'Compare a.txt with now' })
      .click();
    const compare = page.locator('.jp-checkpoints-compare');
    await expect(compare).toContainText('v1');
    await expect(compare).toContainText('v2');
  });

  test('Notebook 7: Checkpoint Folder from the tree page, and its preview', async ({
    page,
    baseURL,
    tmpPath
  }) => {
    // Galata's goto expects JupyterLab; Notebook 7's tree page is another app.
    await page.evaluate(
      url => window.location.assign(url),
      `${baseURL}/tree/${tmpPath}`
    );
    await page.waitForURL(/\/tree\//);
    await page.waitForFunction(
      () => (window as any).jupyterapp?.started !== undefined
    );
    await page
      .locator('.jp-DirListing-item[data-isdir="true"]', { hasText: 'proj' })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Checkpoint Folder' }).click();
    await expect(
      page.getByText(`Folder checkpoint of ${tmpPath}/proj: 2 files recorded.`)
    ).toBeVisible();
    const id = await page.evaluate(async folder => {
      const settings = (window as any).jupyterapp.serviceManager.serverSettings;
      const response = await fetch(
        `${settings.baseUrl}jupyterlab-checkpoints/folders/checkpoints?path=${encodeURIComponent(folder)}`
      );
      return (await response.json()).checkpoints[0].id;
    }, `${tmpPath}/proj`);
    await page.evaluate(
      args =>
        (window as any).jupyterapp.commands.execute(
          'checkpoints:folder-preview',
          args
        ),
      { path: `${tmpPath}/proj`, id }
    );
    // The tree page's main area holds the file browser only: the preview opens in a dialog.
    const preview = page.locator(
      '.jp-checkpoints-viewDialog .jp-checkpoints-folderPreview'
    );
    await expect(preview.locator('[data-file="sub/b.txt"]')).toHaveAttribute(
      'data-status',
      'unchanged'
    );
  });
});
