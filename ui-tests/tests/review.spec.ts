import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from './fixtures';
import { createViaApi } from './helpers';

const NB = 'review.ipynb';

/** A notebook as a kernel left it: execution counts, a stream, an HTML table, a result. */
const NOTEBOOK = {
  cells: [
    {
      cell_type: 'markdown',
      id: 'md',
      metadata: {},
      source: '# Sales report\nSome *emphasis*.'
    },
    {
      cell_type: 'code',
      id: 'code',
      metadata: {},
      execution_count: 3,
      source: 'import math\ndef area(r):\n    return math.pi * r ** 2\narea(2)',
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'computing\n' },
        {
          output_type: 'execute_result',
          execution_count: 3,
          metadata: {},
          data: {
            'text/plain': '12.566',
            'text/html':
              '<table><tr><th>r</th><th>area</th></tr><tr><td>2</td><td>12.566</td></tr></table>'
          }
        }
      ]
    }
  ],
  metadata: {
    kernelspec: {
      name: 'python3',
      display_name: 'Python 3',
      language: 'python'
    },
    language_info: { name: 'python' }
  },
  nbformat: 4,
  nbformat_minor: 5
};

async function putNotebook(page: IJupyterLabPageFixture, path: string) {
  await page.evaluate(
    async ({ path, notebook }) => {
      const app = (window as any).jupyterapp;
      await app.serviceManager.contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: notebook
      });
    },
    { path, notebook: NOTEBOOK }
  );
}

const execute = (page: IJupyterLabPageFixture, command: string, args: any) =>
  page.evaluate(
    ({ command, args }) =>
      (window as any).jupyterapp.commands.execute(command, args),
    { command, args }
  );

/** The tabs of the main area. */
const mainTabs = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-main-dock-panel .lm-TabBar-tab');

/** The tab shown (a review view opens in front). */
const currentTab = (page: IJupyterLabPageFixture) =>
  page.locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');

test.describe('review tab', () => {
  let path: string;
  let id: string;

  test.beforeEach(async ({ page, tmpPath }) => {
    path = `${tmpPath}/${NB}`;
    await putNotebook(page, path);
    await page.notebook.open(NB);
    id = (await createViaApi(page, path, { kind: 'manual' })).id;
  });

  test('preview, compare and cell history share one review tab until it is pinned', async ({
    page
  }) => {
    // The notebook's tab (and the Launcher's, when open).
    const before = await mainTabs(page).count();
    await execute(page, 'checkpoints:preview', { path, id });
    const review = page
      .getByRole('main')
      .getByRole('tab', { name: new RegExp(`^${NB} @ .+ · Manual`) });
    await expect(review).toBeVisible();
    await expect(mainTabs(page)).toHaveCount(before + 1);
    // A preview's title is in italics: the next view replaces it.
    const label = review.locator('.lm-TabBar-tabLabel');
    await expect(label).toHaveCSS('font-style', 'italic');

    await execute(page, 'checkpoints:compare', { path, id });
    await expect(page.locator('.jp-checkpoints-compare')).toBeVisible();
    await expect(page.locator('.jp-checkpoints-preview')).toHaveCount(0);
    await expect(mainTabs(page)).toHaveCount(before + 1);

    await execute(page, 'checkpoints:cell-history', { path, cellId: 'code' });
    await expect(page.locator('.jp-checkpoints-cellHistory')).toBeVisible();
    await expect(page.locator('.jp-checkpoints-compare')).toHaveCount(0);
    await expect(mainTabs(page)).toHaveCount(before + 1);

    // Pinned from its toolbar: the next preview opens a tab of its own.
    await page.getByRole('button', { name: 'Keep Open' }).click();
    const history = currentTab(page).locator('.lm-TabBar-tabLabel');
    await expect(history).toHaveCSS('font-style', 'normal');
    await execute(page, 'checkpoints:preview', { path, id });
    await expect(page.locator('.jp-checkpoints-preview')).toBeVisible();
    await expect(page.locator('.jp-checkpoints-cellHistory')).toHaveCount(1);
    await expect(mainTabs(page)).toHaveCount(before + 2);

    // A double-click on its tab pins the new preview too.
    await currentTab(page).dblclick();
    await expect(currentTab(page).locator('.lm-TabBar-tabLabel')).toHaveCSS(
      'font-style',
      'normal'
    );
    await execute(page, 'checkpoints:compare', { path, id });
    await expect(page.locator('.jp-checkpoints-compare')).toBeVisible();
    await expect(page.locator('.jp-checkpoints-preview')).toHaveCount(1);
    await expect(mainTabs(page)).toHaveCount(before + 3);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`a preview renders cells as the notebook does (${theme} theme)`, async ({
      page
    }, testInfo) => {
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      }
      await execute(page, 'checkpoints:preview', { path, id });
      const preview = page.locator('.jp-checkpoints-preview');
      const code = preview.locator('.jp-CodeCell');
      // The editor's highlighting: tokens in spans, keywords coloured unlike plain text.
      const keyword = code
        .locator('.jp-checkpoints-previewSource span', { hasText: /^def$/ })
        .first();
      await expect(keyword).toBeVisible();
      const colours = await code
        .locator('.jp-checkpoints-previewSource')
        .evaluate((pre: HTMLElement) => {
          const span = Array.from(pre.querySelectorAll('span')).find(
            s => s.textContent === 'def'
          )!;
          return [getComputedStyle(span).color, getComputedStyle(pre).color];
        });
      expect(colours[0]).not.toBe(colours[1]);
      // The notebook's prompts, input and output.
      await expect(code.locator('.jp-InputPrompt')).toHaveText('[3]:');
      await expect(code.locator('.jp-OutputPrompt').last()).toHaveText('[3]:');
      // Markdown rendered; the HTML table rendered (sanitised) and left-aligned, as in a notebook.
      await expect(
        preview.locator('.jp-MarkdownCell h1', { hasText: 'Sales report' })
      ).toBeVisible();
      const table = code.locator('.jp-OutputArea-output table');
      await expect(table).toBeVisible();
      const [tableX, outputX] = await table.evaluate((t: HTMLElement) => [
        t.getBoundingClientRect().left,
        t.closest('.jp-OutputArea-output')!.getBoundingClientRect().left
      ]);
      expect(tableX - outputX).toBeLessThan(16);
      await page.setViewportSize({ width: 1200, height: 700 });
      await preview.screenshot({
        path: testInfo.outputPath(`preview-${theme}.png`)
      });
    });
  }
});
