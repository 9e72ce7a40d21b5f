import { expect, test } from './fixtures';
import {
  checkpointContent,
  kernelSettled,
  listViaApi,
  notebook,
  setAutoSetting
} from './helpers';

/** The file as the contents API has it: when it was written and its cells' outputs, in short. */
async function onDisk(page: any, path: string): Promise<any> {
  return page.evaluate(async (path: string) => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get(path, {
      content: true
    });
    return {
      lastModified: model.last_modified,
      outputs: model.content.cells.map((c: any) =>
        (c.outputs ?? []).map((o: any) => `${o.output_type}:${o.text ?? ''}`)
      )
    };
  }, path);
}

/** A notebook of two short cells and one holding a 300 KB image output. */
function bigNotebook(): string {
  return notebook("print('one')", "print('two')", [
    'img',
    [
      {
        output_type: 'display_data',
        data: { 'image/png': 'iVBORw0KGgo'.repeat(30000) },
        metadata: {}
      }
    ]
  ]);
}

test.describe('automatic checkpoints from the page', () => {
  test('keep what the page holds without writing the file; Ctrl+K still saves', async ({
    page,
    tmpPath
  }) => {
    await setAutoSetting(page, 'autosave', false);
    await setAutoSetting(page, 'autoCheckpointMinSpacing', 0);
    const path = `${tmpPath}/delta.ipynb`;
    // Written as Jupyter writes notebooks (nbformat's layout), which a delta on the file needs.
    await page.evaluate(
      async ({ path, content }) =>
        (window as any).jupyterapp.serviceManager.contents.save(path, {
          type: 'notebook',
          format: 'json',
          content: JSON.parse(content)
        }),
      { path, content: bigNotebook() }
    );
    await page.notebook.openByPath(path);
    await kernelSettled(page);
    const before = await onDisk(page, path);

    const bodies: string[] = [];
    page.on('request', request => {
      if (
        request.method() === 'POST' &&
        request.url().includes('/jupyterlab-checkpoints/checkpoints?')
      ) {
        bodies.push(request.postData() ?? '');
      }
    });
    const autos = async () =>
      (await listViaApi(page, path)).filter(c => c.kind === 'auto');
    const outputsOf = async (id: string) =>
      (await checkpointContent(page, path, id)).content.cells.map(
        (c: any) => c.outputs
      );

    // First run: the first automatic checkpoint holds the new output, sent as what changed since
    // the file the page loaded.
    await page.notebook.runCell(0);
    await expect.poll(autos, { timeout: 20000 }).toHaveLength(1);
    let newest = (await autos()).at(-1);
    expect(JSON.stringify((await outputsOf(newest.id))[0])).toContain('one');
    expect(await onDisk(page, path)).toEqual(before);

    // Second run: only what changed is sent.
    await page.notebook.runCell(1);
    await expect.poll(autos, { timeout: 20000 }).toHaveLength(2);
    newest = (await autos()).at(-1);
    const outputs = await outputsOf(newest.id);
    expect(JSON.stringify(outputs[0])).toContain('one');
    expect(JSON.stringify(outputs[1])).toContain('two');
    expect(JSON.stringify(outputs[2])).toContain('iVBORw0KGgo');
    expect(await onDisk(page, path)).toEqual(before);

    expect(bodies).toHaveLength(2);
    const first = JSON.parse(bodies[0]);
    expect(first.document).toBeUndefined();
    expect(first.delta.base).toEqual({ file: before.lastModified });
    expect(Object.keys(first.delta.changed)).toEqual(['cell-0']);
    expect(bodies[0].length).toBeLessThan(5000);
    const second = JSON.parse(bodies[1]);
    expect(second.document).toBeUndefined();
    expect(second.delta.cells).toEqual(['cell-0', 'cell-1', 'cell-2']);
    expect(Object.keys(second.delta.changed)).toEqual(['cell-1']);
    expect(bodies[1].length).toBeLessThan(5000);
    expect(bigNotebook().length).toBeGreaterThan(300000);

    // Ctrl+K saves first: the file then holds the outputs.
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+k');
    await expect
      .poll(async () => (await onDisk(page, path)).lastModified, {
        timeout: 10000
      })
      .not.toBe(before.lastModified);
    const saved = await onDisk(page, path);
    expect(JSON.stringify(saved.outputs[1])).toContain('two');

    // The saved file is the base of the next one.
    const deltas = () => bodies.filter(b => b.includes('"delta"'));
    await page.notebook.runCell(0);
    await expect.poll(() => deltas().length, { timeout: 20000 }).toBe(3);
    const after = JSON.parse(deltas()[2]);
    expect(after.delta.base).toEqual({ file: saved.lastModified });
    expect(Object.keys(after.delta.changed)).toEqual(['cell-0']);
  });
});
