/**
 * Benchmark: one step of the time-travel slider on a 5 MB notebook with image outputs, in a real
 * JupyterLab and Chromium. Makes CHECKPOINTS checkpoints, each changing a few cells' source and one
 * image, opens time travel and presses ← / → from the keyboard; prints the time from the key press
 * until the new position's cells are on screen, per step and the median. Warm steps (a position
 * visited before, or fetched ahead while the user looked at its neighbour) are the common case; the
 * cold one (a jump to a far position never fetched) is printed too.
 *
 *   node scripts/bench_timetravel.js [checkpoints=8] [megabytes=5] [cells=100]
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { launchChromium, median, startLab } = require('./bench_lab');

const CHECKPOINTS = Number(process.argv[2] || 8);
const MB = Number(process.argv[3] || 5);
const CELLS = Number(process.argv[4] || 100);
const PORT = process.env.BENCH_PORT || '8894';
// How long the user looks at a position before the next step (neighbours are fetched meanwhile).
const PAUSE = Number(process.env.BENCH_PAUSE_MS || 1000);

/** Version `v`: every 10th cell's source and one image differ from version v-1. */
function notebook(v, images) {
  return {
    cells: Array.from({ length: CELLS }, (_, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: i + 1,
      source: `import numpy as np\nplot(data[${i}])  # ${i % 10 === v % 10 ? `v${v}` : 'v0'}`,
      outputs: [
        {
          output_type: 'display_data',
          metadata: {},
          data: {
            'image/png': images[i === v % CELLS ? v : 0][i],
            'text/plain': '<Figure>'
          }
        }
      ]
    })),
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-timetravel-'));
  const per = Math.floor((MB * 1024 * 1024 * 3) / 4 / CELLS);
  const images = Array.from({ length: CHECKPOINTS + 1 }, () =>
    Array.from({ length: CELLS }, () =>
      crypto.randomBytes(per).toString('base64')
    )
  );
  const lab = await startLab(root, PORT);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 900 }
    });
    await page.goto(`http://localhost:${PORT}/lab`);
    await page.waitForFunction(() => window.jupyterapp);
    await page.evaluate(() => window.jupyterapp.restored);
    for (let v = 1; v <= CHECKPOINTS; v++) {
      fs.writeFileSync(
        path.join(root, 'big.ipynb'),
        JSON.stringify(notebook(v, images))
      );
      await page.evaluate(async () => {
        const base = window.jupyterapp.serviceManager.serverSettings.baseUrl;
        await fetch(
          `${base}jupyterlab-checkpoints/checkpoints?path=big.ipynb`,
          { method: 'POST', body: '{}' }
        );
      });
    }
    const size = fs.statSync(path.join(root, 'big.ipynb')).size;
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('checkpoints:time-travel', {
        path: 'big.ipynb'
      })
    );
    const slider = page.locator('.jp-checkpoints-ttSlider').first();
    await page.waitForSelector('.jp-checkpoints-timeTravel[data-shown]');
    await slider.focus();

    /** Press `key`; ms until the view says it shows position `expected` and a frame was drawn. */
    const step = async (key, expected) => {
      await page.evaluate(() => {
        window.__stepStart = performance.now();
      });
      await page.keyboard.press(key);
      return page.evaluate(async expected => {
        const view = document.querySelector('.jp-checkpoints-timeTravel');
        while (view.dataset.shown !== String(expected)) {
          await new Promise(r => setTimeout(r, 1));
        }
        await new Promise(r => requestAnimationFrame(r));
        return performance.now() - window.__stepStart;
      }, expected);
    };
    // Let the first screen settle and its neighbours be fetched ahead.
    await page.waitForTimeout(1500);
    const last = CHECKPOINTS; // positions 0..CHECKPOINTS-1, then now
    const cold = await step('Home', 0);
    await page.waitForTimeout(1500);
    const forward = [];
    for (let i = 1; i <= last; i++) {
      forward.push(await step('ArrowRight', i));
      await page.waitForTimeout(PAUSE);
    }
    const backward = [];
    for (let i = last - 1; i >= 0; i--) {
      backward.push(await step('ArrowLeft', i));
    }
    const fmt = xs => xs.map(x => x.toFixed(0)).join(' ');
    console.log(
      `time travel over ${CHECKPOINTS} checkpoints of a ${(size / 1e6).toFixed(1)} MB notebook, ${CELLS} cells with images:`
    );
    console.log(`  jump to the oldest (never fetched): ${cold.toFixed(0)} ms`);
    console.log(
      `  → steps (looking ${PAUSE} ms at each): ${fmt(forward)} ms; median ${median(forward).toFixed(0)} ms`
    );
    console.log(
      `  ← steps (back to back, visited): ${fmt(backward)} ms; median ${median(backward).toFixed(0)} ms`
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
