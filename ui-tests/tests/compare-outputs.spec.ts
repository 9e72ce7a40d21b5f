import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import { createViaApi, notebook, openFolderMode } from './helpers';

/** Two 60×30 PNGs, red and blue: the same plot drawn twice, differently. */
const RED =
  'iVBORw0KGgoAAAANSUhEUgAAADwAAAAeCAIAAAD/+uoYAAAANElEQVR42u3OQQkAAAgEsAt2/VMYxhQ+hMECLNO+E2lpaWlpaWlpaWlpaWlpaWlpaWnpKwv7M1co2up1agAAAABJRU5ErkJggg==';
const BLUE =
  'iVBORw0KGgoAAAANSUhEUgAAADwAAAAeCAIAAAD/+uoYAAAANElEQVR42u3OQQkAAAgEsAtmMMMaxhQ+hMECLNXzTqSlpaWlpaWlpaWlpaWlpaWlpaWlryxlkP0X0DeDtQAAAABJRU5ErkJggg==';

const plot = (png: string) => [
  { output_type: 'display_data', data: { 'image/png': png }, metadata: {} }
];

const LEGEND = 'Older (checkpoint) · Newer (current)';

async function run(
  page: IJupyterLabPageFixture,
  command: string,
  args: Record<string, string>
): Promise<void> {
  await page.evaluate(
    ({ command, args }) =>
      (window as any).jupyterapp.commands.execute(command, args),
    { command, args }
  );
}

test('compare shows a changed image old and new side by side; Cell History shares the legend', async ({
  page,
  tmpPath
}, testInfo) => {
  const path = `${tmpPath}/plots.ipynb`;
  // Written through the contents API, as another client (or a kernel run) leaves it on disk.
  await page.contents.uploadContent(
    notebook(['x = 1'], ['plot(x)', plot(RED)]),
    'text',
    path
  );
  const created = await createViaApi(page, path, { kind: 'manual' });
  await page.contents.uploadContent(
    notebook(['x = 1'], ['plot(x)', plot(BLUE)]),
    'text',
    path
  );
  await run(page, 'checkpoints:compare', { path, id: created.id });

  const view = page.locator('.jp-checkpoints-compare');
  const cell = view.getByRole('listitem', { name: 'Modified cell 2' });
  await expect(cell).toContainText('Outputs changed (1 image changed)');
  const older = cell
    .getByRole('group', { name: 'Older outputs' })
    .locator('img');
  const newer = cell
    .getByRole('group', { name: 'Newer outputs' })
    .locator('img');
  await expect(older).toBeVisible();
  await expect(newer).toBeVisible();
  expect(await older.getAttribute('src')).toContain(RED);
  expect(await newer.getAttribute('src')).toContain(BLUE);
  await expect(view.locator('.jp-checkpoints-diffLegend')).toHaveText(LEGEND);

  // Collapsible: the summary folds both sides away.
  await cell.locator('summary').click();
  await expect(older).toBeHidden();
  await cell.locator('summary').click();
  await expect(newer).toBeVisible();

  await view.screenshot({ path: testInfo.outputPath('compare-light.png') });
  await run(page, 'apputils:change-theme', { theme: 'JupyterLab Dark' });
  await expect(page.locator('body')).toHaveAttribute(
    'data-jp-theme-light',
    'false'
  );
  // The theme's splash goes before the picture is taken.
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0);
  await expect(newer).toBeVisible();
  await view.screenshot({ path: testInfo.outputPath('compare-dark.png') });
  await run(page, 'apputils:change-theme', { theme: 'JupyterLab Light' });

  await run(page, 'checkpoints:cell-history', { path, cellId: 'cell-1' });
  const history = page.locator('.jp-checkpoints-cellHistory');
  await expect(history.locator('.jp-checkpoints-diffLegend')).toHaveText(
    LEGEND
  );
});

test('a .py file compares in lines, without notebook words', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/proj`;
  const older = 'import os\n\nA = 1\nB = 2\nC = 3\n';
  await page.contents.uploadContent(older, 'text', `${folder}/util.py`);
  await page.filebrowser.refresh();
  await run(page, 'checkpoints:create-folder', { path: folder });
  await page.contents.uploadContent(
    older.replace('B = 2', 'B = 20'),
    'text',
    `${folder}/util.py`
  );
  const panel = await openFolderMode(page, folder);
  await panel.getByRole('option').first().click();
  await panel
    .getByRole('option')
    .first()
    .getByRole('button', { name: 'Preview' })
    .click();
  await page
    .locator('.jp-checkpoints-folderPreview')
    .getByRole('button', { name: 'Compare util.py with now' })
    .click();
  const view = page.locator('.jp-checkpoints-compare');
  await expect(view.getByRole('listitem', { name: 'lines 1–5' })).toBeVisible();
  await expect(view).toContainText('1 line added, 1 line removed');
  await expect(view.locator('.jp-mod-removed')).toHaveText('B = 2\n');
  await expect(view.locator('.jp-mod-added')).toHaveText('B = 20\n');
  await expect(view.getByRole('button', { name: 'Hide outputs' })).toHaveCount(
    0
  );
  await expect(view).not.toContainText(/\bcell\b|\bmoved\b/);
  await expect(view.locator('.jp-checkpoints-diffLegend')).toHaveText(LEGEND);
});
