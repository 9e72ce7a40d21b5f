// A fresh page per test (not ./fixtures' shared one):
// the README's pictures show a fresh page.
import { expect, galata, test } from '@jupyterlab/galata';
import * as path from 'path';
import { createViaApi, items, listViaApi, openPanel } from './helpers';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

/** A history to show: each step edits the notebook, saves it, and checkpoints it. */
const STEPS: { source: string; body: Parameters<typeof createViaApi>[2] }[] = [
  {
    source: 'df = load("sales.csv")',
    body: { kind: 'manual', label: 'Clean baseline', pinned: true }
  },
  {
    source: 'df = clean(load("sales.csv"))',
    body: { kind: 'auto', label: 'Ran cells 1-4' }
  },
  {
    source: 'df = clean(load("sales.csv"), strict=True)',
    body: { kind: 'failure', label: 'ValueError in cell 5' }
  },
  {
    source: 'df = clean(load("sales.csv"))\nreport(df)',
    body: { kind: 'manual' }
  }
];

test('panel screenshots in light and dark themes', async ({
  page,
  tmpPath
}) => {
  await page.notebook.createNew('analysis.ipynb');
  const nb = `${tmpPath}/analysis.ipynb`;
  // The server keeps one entry per content: every checkpoint here holds another version.
  for (const step of STEPS) {
    await page.notebook.setCell(0, 'code', step.source);
    await page.notebook.save();
    await createViaApi(page, nb, step.body);
  }
  const kept = (await listViaApi(page, nb)).length;
  const panel = await openPanel(page);
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(items(panel)).toHaveCount(kept);
  await items(panel).nth(1).click();
  await page.setViewportSize({ width: 1200, height: 640 });
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-panel-light.png')
  });
  await page.theme.setDarkTheme();
  await expect(items(panel)).toHaveCount(kept);
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-panel-dark.png')
  });
  await page.screenshot({ path: path.join(DOCS, 'screenshot-lab-dark.png') });
});

test.describe('readable history', () => {
  // Each run saves on its own with automatic checkpoints on; here the story's steps are explicit.
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-checkpoints:auto': { autoCheckpoint: 'off' }
    }
  });

  test('readable history screenshots: cell history, deleted cells, search', async ({
    page,
    tmpPath
  }) => {
    await page.theme.setLightTheme();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.notebook.createNew('report.ipynb');
    const nb = `${tmpPath}/report.ipynb`;
    await page.notebook.setCell(0, 'code', 'rows = [3, 1, 4, 1, 5]');
    await page.notebook.addCell(
      'code',
      'total = sum(rows)\nprint("total:", total)'
    );
    await page.notebook.addCell('code', 'mean = total / len(rows)\nmean');
    await page.notebook.run();
    await page.notebook.save();
    await createViaApi(page, nb, { kind: 'manual', label: 'First run' });

    await page.notebook.setCell(
      1,
      'code',
      'total = sum(r for r in rows if r > 1)\nprint("total:", total)'
    );
    await page.notebook.runCell(1);
    await page.notebook.save();
    await createViaApi(page, nb, { kind: 'auto', label: 'Ran cell 2' });

    await page.notebook.setCell(
      1,
      'code',
      'total = sum(sorted(rows)[1:])\nprint("total:", total)'
    );
    await page.notebook.runCell(1);
    // Drop the last cell, add another.
    await page.notebook.selectCells(2);
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await page.notebook.addCell(
      'markdown',
      'Totals leave out the smallest row.'
    );
    await page.notebook.save();
    await createViaApi(page, nb, { kind: 'manual', label: 'Trimmed total' });

    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(panel.locator('.jp-checkpoints-strip').first()).toBeVisible();

    await page.notebook.selectCells(1);
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('checkpoints:cell-history')
    );
    const history = page.locator('.jp-checkpoints-cellHistory');
    await expect(history.locator('.jp-checkpoints-version')).toHaveCount(3);
    await page.screenshot({
      path: path.join(DOCS, 'screenshot-cell-history.png')
    });

    // One view beside the notebook at a time, as a user would look at them.
    await page.evaluate(() => {
      const shell = (window as any).jupyterapp.shell;
      for (const widget of shell.widgets('main')) {
        if (widget.title.label.startsWith('Cell History')) {
          widget.close();
        }
      }
    });
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('checkpoints:deleted-cells')
    );
    const deleted = page.locator('.jp-checkpoints-deletedCells');
    await expect(deleted.locator('.jp-checkpoints-version')).toHaveCount(1);
    await page.screenshot({
      path: path.join(DOCS, 'screenshot-deleted-cells.png')
    });

    await panel
      .getByRole('searchbox', {
        name: 'Search the contents of all checkpoints'
      })
      .fill('total');
    await expect(panel.getByRole('option').first()).toBeVisible();
    await panel.screenshot({ path: path.join(DOCS, 'screenshot-search.png') });
  });
});

/** A folder checkpoint through the extension API. */
async function createFolderCheckpoint(
  page: Parameters<typeof openPanel>[0],
  folder: string,
  body: { label?: string; pinned?: boolean; kind?: string }
): Promise<void> {
  await page.evaluate(
    async ({ folder, body }) => {
      const settings = (window as any).jupyterapp.serviceManager.serverSettings;
      const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
      await fetch(
        `${settings.baseUrl}jupyterlab-checkpoints/folders/checkpoints?path=${encodeURIComponent(folder)}`,
        {
          method: 'POST',
          body: JSON.stringify(body),
          headers: xsrf ? { 'X-XSRFToken': xsrf[1] } : {}
        }
      );
    },
    { folder, body }
  );
}

test('folder checkpoint screenshots: the panel in Folder mode and the preview', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/sales-report`;
  const put = (file: string, text: string) =>
    page.contents.uploadContent(text, 'text', `${folder}/${file}`);
  await put('README.md', '# Sales report\n');
  await put('load.py', 'def load(path):\n    return read_csv(path)\n');
  await put('data/2025.csv', 'month,total\n1,100\n');
  await put('data/2026.csv', 'month,total\n1,120\n');
  await put('figures/totals.svg', '<svg/>\n');
  await createFolderCheckpoint(page, folder, {
    label: 'Before the 2026 figures',
    pinned: true
  });
  await put('data/2026.csv', 'month,total\n1,120\n2,130\n');
  await createFolderCheckpoint(page, folder, { kind: 'automatic' });
  await put('load.py', 'def load(path):\n    return clean(read_csv(path))\n');
  await put('notes.txt', 'check February\n');
  await page.contents.deleteFile(`${folder}/figures/totals.svg`);
  await createFolderCheckpoint(page, folder, {});
  await put(
    'load.py',
    'def load(path, strict=False):\n    return clean(read_csv(path), strict)\n'
  );

  await page.filebrowser.openDirectory(folder);
  await page.setViewportSize({ width: 1200, height: 640 });
  const panel = await openPanel(page);
  await panel.getByRole('radio', { name: 'Folder' }).click();
  await expect(panel.getByRole('option')).toHaveCount(3);
  await panel.getByRole('option').nth(2).click();
  await panel.screenshot({
    path: path.join(DOCS, 'screenshot-folder-panel-light.png')
  });
  await panel
    .getByRole('option')
    .nth(2)
    .getByRole('button', { name: 'Preview' })
    .click();
  const preview = page.locator('.jp-checkpoints-folderView');
  await expect(preview.locator('[data-file="load.py"]')).toHaveAttribute(
    'data-status',
    'changed'
  );
  await preview.screenshot({
    path: path.join(DOCS, 'screenshot-folder-preview-light.png')
  });
  await page.theme.setDarkTheme();
  await expect(preview.locator('[data-file="load.py"]')).toBeVisible();
  await page.screenshot({
    path: path.join(DOCS, 'screenshot-folder-lab-dark.png')
  });
});
