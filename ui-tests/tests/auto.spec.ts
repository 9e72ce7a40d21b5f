import { expect, test } from './fixtures';
import { listViaApi } from './helpers';

test.describe('automatic checkpoints', () => {
  test('running a group of cells creates one automatic checkpoint', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.createNew('auto.ipynb');
    await page.notebook.setCell(0, 'code', 'a = 1');
    for (let i = 1; i < 5; i++) {
      await page.notebook.addCell('code', `a += ${i}`);
    }
    await page.notebook.save();
    const path = `${tmpPath}/auto.ipynb`;
    const before = (await listViaApi(page, path)).length;

    await page.notebook.run();
    await expect
      .poll(
        async () =>
          (await listViaApi(page, path)).filter(c => c.kind === 'auto'),
        { timeout: 20000 }
      )
      .toHaveLength(1);
    const listed = await listViaApi(page, path);
    // Named by the prompts the cells show and the first cell's first line.
    expect(listed.find(c => c.kind === 'auto').label).toBe('Ran [1]–[5] a = 1');
    expect(listed.length).toBe(before + 1);
    // What another extension sees through the ICheckpointTriggers token.
    const outcome = await page.evaluate(async () => {
      const triggers = await (window as any).galata.getPlugin(
        'jupyterlab-checkpoints:auto'
      );
      await triggers.idle;
      return triggers.lastOutcome;
    });
    expect(outcome).toMatchObject({
      action: 'created',
      kind: 'auto',
      label: 'Ran [1]–[5] a = 1',
      path
    });
  });

  test('a failing cell yields a failure checkpoint naming the error', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.createNew('fail.ipynb');
    await page.notebook.setCell(0, 'code', 'x = 1');
    await page.notebook.addCell('code', "raise ValueError('bad input')");
    await page.notebook.save();
    const path = `${tmpPath}/fail.ipynb`;
    await page.notebook.run();
    await expect
      .poll(
        async () =>
          (await listViaApi(page, path))
            .filter(c => c.kind === 'failure')
            .map(c => c.label),
        {
          timeout: 20000
        }
      )
      .toEqual(["ValueError in [2] raise ValueError('bad input')"]);
  });
});
