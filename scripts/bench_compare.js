/**
 * Benchmark: comparing two 10 MB notebooks of 500 cells in a real JupyterLab and Chromium. Prints the
 * time from the compare command until its first screen of cells is in the page (median of 5).
 *
 *   node scripts/bench_compare.js [cells=500] [megabytes=10]
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { launchChromium, startLab } = require('./bench_lab');

const CELLS = Number(process.argv[2] || 500);
const MB = Number(process.argv[3] || 10);
const PORT = process.env.BENCH_PORT || '8892';

function notebook(seed) {
  const per = Math.floor((MB * 1024 * 1024 * 3) / 4 / CELLS);
  return {
    cells: Array.from({ length: CELLS }, (_, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: i + 1,
      // Every 10th cell differs between the two versions.
      source: `plot(data[${i}])${i % 10 === 0 ? ` # v${seed}` : ''}`,
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: {
            'image/png': crypto.randomBytes(per).toString('base64'),
            'text/plain': '<Figure>'
          }
        }
      ]
    })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
  const lab = await startLab(root, PORT);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${PORT}/lab`);
    await page.waitForFunction(() => window.jupyterapp);
    await page.evaluate(() => window.jupyterapp.restored);
    const ids = [];
    for (const seed of [1, 2]) {
      fs.writeFileSync(
        path.join(root, 'big.ipynb'),
        JSON.stringify(notebook(seed), null, 1)
      );
      ids.push(
        await page.evaluate(async () => {
          const base = window.jupyterapp.serviceManager.serverSettings.baseUrl;
          const r = await fetch(
            `${base}jupyterlab-checkpoints/checkpoints?path=big.ipynb`,
            { method: 'POST', body: '{}' }
          );
          return (await r.json()).id;
        })
      );
    }
    const size = fs.statSync(path.join(root, 'big.ipynb')).size;
    const times = [];
    for (let i = 0; i < 5; i++) {
      times.push(
        await page.evaluate(async ([id, otherId]) => {
          document
            .querySelectorAll('.jp-checkpoints-compare')
            .forEach(n => n.closest('.lm-Widget.jp-MainAreaWidget')?.remove());
          const start = performance.now();
          await window.jupyterapp.commands.execute('checkpoints:compare', {
            path: 'big.ipynb',
            id,
            otherId
          });
          while (
            !document.querySelector(
              '.jp-checkpoints-compare .jp-checkpoints-compareCell'
            )
          ) {
            await new Promise(r => requestAnimationFrame(r));
          }
          return performance.now() - start;
        }, ids)
      );
    }
    times.sort((a, b) => a - b);
    console.log(
      `two checkpoints of a ${(size / 1e6).toFixed(1)} MB notebook, ${CELLS} cells, 50 changed:`
    );
    console.log(
      `  compare command to first screen of cells: ${times[2].toFixed(0)} ms (median of 5; includes fetching both checkpoints)`
    );
  } finally {
    await browser.close();
    lab.kill();
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
