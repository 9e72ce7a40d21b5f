/**
 * Benchmark: running N short cells with automatic checkpoints on and off, in a real JupyterLab and
 * Chromium. Prints the wall times (Run All until every cell has run, and until the automatic
 * checkpoint has landed) and the on/off ratio.
 *
 *   node scripts/bench_autocheckpoint.js [cells=50] [rounds=5]
 *
 * Needs the UI-test npm packages (cd ui-tests && jlpm install) and Debian's chromium.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { launchChromium, median, startLab } = require('./bench_lab');

const CELLS = Number(process.argv[2] || 50);
const ROUNDS = Number(process.argv[3] || 5);
const PORT = process.env.BENCH_PORT || '8893';
const BASE = `http://localhost:${PORT}`;
const PLUGIN = 'jupyterlab-checkpoints:auto';

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-auto-'));
  const lab = await startLab(root, PORT);
  const browser = await launchChromium();
  try {
    const nb = {
      cells: Array.from({ length: CELLS }, (_, i) => ({
        cell_type: 'code',
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source: `x${i} = ${i} * 2\nx${i}`
      })),
      metadata: {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      },
      nbformat: 4,
      nbformat_minor: 5
    };
    fs.writeFileSync(path.join(root, 'bench.ipynb'), JSON.stringify(nb));
    const page = await browser.newPage();
    await page.goto(`${BASE}/lab/tree/bench.ipynb`);
    await page.waitForFunction(() => window.jupyterapp && window.galata);
    await page.evaluate(() => window.jupyterapp.restored);
    await page.waitForFunction(
      () => {
        const w = window.jupyterapp.shell.currentWidget;
        return (
          w &&
          w.sessionContext &&
          w.sessionContext.session &&
          w.sessionContext.session.kernel &&
          w.sessionContext.session.kernel.status === 'idle'
        );
      },
      null,
      { timeout: 60000 }
    );

    const run = mode =>
      page.evaluate(
        async ({ mode, plugin }) => {
          void window.galata.app; // binds galata's in-page helper to this app
          const settings = await window.galata.getPlugin(
            '@jupyterlab/apputils-extension:settings'
          );
          await settings.set(plugin, 'autoCheckpoint', mode);
          // The automatic checkpoints as another extension sees them (ICheckpointTriggers).
          const triggers = await window.galata.getPlugin(plugin);
          const app = window.jupyterapp;
          const panel = app.shell.currentWidget;
          await app.commands.execute('notebook:clear-all-cell-outputs');
          // Different content each round, so the unchanged-content check never skips a checkpoint.
          panel.content.model.sharedModel
            .getCell(0)
            .setSource(`x0 = ${Math.random()}`);
          await panel.context.save();
          await triggers.idle;
          const before = triggers.lastOutcome;
          const cells = panel.content.widgets;
          const start = performance.now();
          await app.commands.execute('notebook:run-all-cells');
          while (
            cells.some(c => c.model.executionCount === null) ||
            panel.sessionContext.session.kernel.status !== 'idle'
          ) {
            await new Promise(r => setTimeout(r, 5));
          }
          const ran = performance.now() - start;
          let landed = null;
          if (mode === 'afterRun') {
            while (
              triggers.lastOutcome === before &&
              performance.now() - start < 30000
            ) {
              await new Promise(r => setTimeout(r, 5));
            }
            landed = performance.now() - start;
            if (triggers.lastOutcome?.action !== 'created') {
              throw new Error(
                `no automatic checkpoint: ${JSON.stringify(triggers.lastOutcome)}`
              );
            }
          }
          return { ran, landed };
        },
        { mode, plugin: PLUGIN }
      );

    await run('off'); // warm-up
    const on = [];
    const off = [];
    for (let i = 0; i < ROUNDS; i++) {
      off.push(await run('off'));
      on.push(await run('afterRun'));
    }
    const onRan = median(on.map(r => r.ran));
    const offRan = median(off.map(r => r.ran));
    const landed = median(on.map(r => r.landed));
    console.log(
      `${CELLS} short cells, ${ROUNDS} rounds each, medians (Chromium ${browser.version()}):`
    );
    console.log(
      `  Run All, automatic checkpoints off: ${offRan.toFixed(0)} ms`
    );
    console.log(`  Run All, automatic checkpoints on : ${onRan.toFixed(0)} ms`);
    console.log(
      `  ratio on/off (cells run)          : ${(onRan / offRan).toFixed(2)}x (target <= 1.2)`
    );
    console.log(
      `  checkpoint landed after Run All   : ${landed.toFixed(0)} ms (includes the 750 ms quiet period)`
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
