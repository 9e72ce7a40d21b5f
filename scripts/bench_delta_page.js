/**
 * Benchmark: what automatic checkpoints of large notebooks cost the page, in a real JupyterLab and
 * Chromium. For notebooks of 5, 20 and 50 MB (100 incompressible image outputs and a one-line code
 * cell), it runs the one-line cell 5 times with automatic checkpoints on, then off, and prints per
 * run: the main thread's long-task time (PerformanceObserver 'longtask', tasks over 50 ms) against
 * one JSON serialisation of the notebook measured in the same page, and the request bytes the page
 * sent against the notebook's size.
 *
 *   node scripts/bench_delta_page.js [sizesMB=5,20,50] [runs=5]
 *
 * BENCH_PAGE_DATA=<dir>: serve the labextension found in <dir>/labextensions instead of the
 * installed one (put a copy of another build there to measure it, e.g. the page before a change).
 * Needs the UI-test npm packages (cd ui-tests && jlpm install) and Debian's chromium.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { launchChromium, median, startLab } = require('./bench_lab');

const SIZES = (process.argv[2] || '5,20,50').split(',').map(Number);
const RUNS = Number(process.argv[3] || 5);
const PORT = process.env.BENCH_PORT || '8894';
const BASE = `http://localhost:${PORT}`;
const PLUGIN = 'jupyterlab-checkpoints:auto';
const IMAGES = 100;
/** Time left after a checkpoint (or the quiet period when off) for trailing tasks to show up. */
const SETTLE_MS = 1500;

/** A notebook of about `mb` MB: one short code cell, then 100 cells with an image output each. */
function writeNotebook(file, mb) {
  const imageBytes = Math.floor((mb * 1e6 * 3) / 4 / IMAGES);
  const cells = [
    {
      cell_type: 'code',
      id: 'run-me',
      metadata: {},
      execution_count: null,
      outputs: [],
      source: 'n = globals().get("n", 0) + 1; n'
    }
  ];
  for (let i = 0; i < IMAGES; i++) {
    cells.push({
      cell_type: 'code',
      id: `img-${i}`,
      metadata: {},
      execution_count: null,
      outputs: [
        {
          output_type: 'display_data',
          data: {
            'image/png': crypto.randomBytes(imageBytes).toString('base64')
          },
          metadata: {}
        }
      ],
      source: `# image ${i}`
    });
  }
  // In nbformat's layout (sorted keys, indent 1, a final newline), as Jupyter saves notebooks: the
  // page's first checkpoint after opening is composed on the file's pieces.
  const text = nbformatText({
    cells,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
  fs.writeFileSync(file, text);
  return text.length;
}

/** What nbformat's writer makes of `notebook` (enough for these ASCII-only notebooks). */
function nbformatText(notebook) {
  const sorted = value =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map(key => [key, sorted(value[key])])
          )
        : value;
  return JSON.stringify(sorted(notebook), null, 1) + '\n';
}

const mb = bytes => `${(bytes / 1e6).toFixed(2)} MB`;
const kb = bytes => `${(bytes / 1e3).toFixed(1)} KB`;

async function measure(browser, root, sizeMb) {
  const name = `bench-${sizeMb}mb.ipynb`;
  const size = writeNotebook(path.join(root, name), sizeMb);
  // A context of its own: no workspace of an earlier notebook is restored beside this one.
  const browserContext = await browser.newContext();
  const page = await browserContext.newPage();
  // Long tasks of the whole page life, read per run by start time.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
    // Request bodies are counted in the page, as they are handed to fetch (JupyterLab makes a
    // Request first, then fetches it), so that the browser's protocol is not asked for them.
    window.__sentBytes = 0;
    const sizeOf = body =>
      typeof body === 'string'
        ? body.length
        : (body?.byteLength ?? body?.size ?? 0);
    const NativeRequest = window.Request;
    window.Request = class extends NativeRequest {
      constructor(input, init) {
        super(input, init);
        window.__sentBytes += sizeOf(init?.body);
      }
    };
    const nativeFetch = window.fetch;
    window.fetch = function (input, init) {
      window.__sentBytes += sizeOf(init?.body);
      return nativeFetch.call(this, input, init);
    };
  });
  // Which build of the page is served.
  const traffic = { builds: new Set() };
  page.on('request', request => {
    const match = request
      .url()
      .match(/jupyterlab-checkpoints\/static\/(remoteEntry\.[0-9a-f]+\.js)/);
    if (match) {
      traffic.builds.add(match[1]);
    }
  });
  try {
    return await measurePage(page, name, size, traffic);
  } catch (error) {
    const shot = path.join(os.tmpdir(), `bench-delta-page-${sizeMb}mb.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`${sizeMb} MB failed; the page as it was: ${shot}`);
    throw error;
  } finally {
    await browserContext.close();
  }
}

async function measurePage(page, name, size, traffic) {
  await page.goto(`${BASE}/lab/tree/${name}?reset`);
  await page.waitForFunction(() => window.jupyterapp && window.galata);
  await page.evaluate(() => window.jupyterapp.restored);
  await page.waitForFunction(
    name => {
      const w = window.jupyterapp.shell.currentWidget;
      const kernel = w?.sessionContext?.session?.kernel;
      return (
        w?.context?.path === name &&
        w.context.isReady &&
        kernel &&
        kernel.status === 'idle'
      );
    },
    name,
    { timeout: 120000 }
  );
  await page.evaluate(async plugin => {
    void window.galata.app;
    const settings = await window.galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    // Autosave off: what is measured is the automatic checkpoints alone.
    await settings.set(plugin, 'autosave', false);
  }, PLUGIN);
  await page.waitForTimeout(2000);

  const stringifyMs = await page.evaluate(() => {
    const model = window.jupyterapp.shell.currentWidget.context.model;
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      JSON.stringify(model.toJSON());
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[1];
  });

  const runs = { afterRun: [], off: [] };
  // One run first, not counted: the page's first execution loads and renders what later runs reuse.
  const plan = [
    { mode: 'off', count: 1, warmUp: true },
    { mode: 'afterRun', count: RUNS },
    { mode: 'off', count: RUNS }
  ];
  for (const { mode, count, warmUp } of plan) {
    await page.evaluate(
      async ({ plugin, mode }) => {
        const settings = await window.galata.getPlugin(
          '@jupyterlab/apputils-extension:settings'
        );
        await settings.set(plugin, 'autoCheckpoint', mode);
      },
      { plugin: PLUGIN, mode }
    );
    for (let r = 0; r < count; r++) {
      const result = await page.evaluate(
        async ({ plugin, mode, settleMs }) => {
          const app = window.jupyterapp;
          const triggers = await window.galata.getPlugin(plugin);
          await triggers.idle;
          const before = triggers.lastOutcome;
          const sentBefore = window.__sentBytes;
          const panel = app.shell.currentWidget;
          const cell = panel.content.widgets[0];
          const count = cell.model.executionCount;
          panel.content.activeCellIndex = 0;
          const start = performance.now();
          await app.commands.execute('notebook:run-cell');
          while (
            cell.model.executionCount === count ||
            panel.sessionContext.session.kernel.status !== 'idle'
          ) {
            if (performance.now() - start > 120000) {
              throw new Error(`the cell did not run in ${panel.context.path}`);
            }
            await new Promise(r => setTimeout(r, 5));
          }
          if (mode === 'afterRun') {
            while (
              triggers.lastOutcome === before &&
              performance.now() - start < 120000
            ) {
              await new Promise(r => setTimeout(r, 5));
            }
            await triggers.idle;
            if (triggers.lastOutcome?.action !== 'created') {
              throw new Error(JSON.stringify(triggers.lastOutcome));
            }
          } else {
            await new Promise(r => setTimeout(r, 750));
          }
          const landed = performance.now() - start;
          await new Promise(r => setTimeout(r, settleMs));
          const tasks = window.__longTasks.filter(t => t.start >= start);
          return {
            longTaskMs: tasks.reduce((sum, t) => sum + t.duration, 0),
            longest: Math.max(0, ...tasks.map(t => t.duration)),
            sent: window.__sentBytes - sentBefore,
            tasks: tasks.map(t => [
              Math.round(t.start - start),
              Math.round(t.duration)
            ]),
            landed
          };
        },
        { plugin: PLUGIN, mode, settleMs: SETTLE_MS }
      );
      if (process.env.BENCH_VERBOSE) {
        // [start after the run began, duration] of each long task, in ms.
        console.error(`  ${mode} run ${r + 1}: ${JSON.stringify(result)}`);
      }
      if (!warmUp) {
        runs[mode].push(result);
      }
    }
  }
  return { size, stringifyMs, runs, pageBuilds: [...traffic.builds] };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-delta-'));
  const lab = await startLab(
    root,
    PORT,
    process.env.BENCH_PAGE_DATA
      ? { JUPYTER_PATH: process.env.BENCH_PAGE_DATA }
      : {}
  );
  const browser = await launchChromium();
  try {
    console.log(
      `${RUNS} runs of a one-line cell per notebook, Chromium ${browser.version()}, page data: ${
        process.env.BENCH_PAGE_DATA || 'installed'
      }`
    );
    console.log(
      '| notebook | automatic checkpoints | long tasks per run (median; runs) | JSON.stringify once | long tasks / stringify | bytes sent per run (median; runs) | sent / size (median; first run) |'
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const sizeMb of SIZES) {
      const { size, stringifyMs, runs, pageBuilds } = await measure(
        browser,
        root,
        sizeMb
      );
      for (const mode of ['afterRun', 'off']) {
        const list = runs[mode];
        const long = median(list.map(r => r.longTaskMs));
        const bytes = median(list.map(r => r.sent));
        console.log(
          `| ${mb(size)} | ${mode === 'off' ? 'off' : 'on'} | ${long.toFixed(0)} ms (${list
            .map(r => r.longTaskMs.toFixed(0))
            .join(
              ', '
            )}) | ${stringifyMs.toFixed(0)} ms | ${(long / stringifyMs).toFixed(2)}x | ${kb(
            bytes
          )} (${list.map(r => kb(r.sent)).join(', ')}) | ${((100 * bytes) / size).toFixed(3)}% (first run ${(
            (100 * list[0].sent) /
            size
          ).toFixed(1)}%) |`
        );
      }
      console.error(`  (${mb(size)}: page build ${pageBuilds.join(', ')})`);
    }
  } finally {
    await browser.close();
    lab.kill();
    // The notebooks (up to 50 MB each) and their checkpoints.
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
