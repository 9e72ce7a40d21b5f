/**
 * Galata configuration: JupyterLab is started by the webServer entry with a throw-away root folder;
 * the browser is Debian's Chromium (Playwright cannot download its own here).
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// UI_TEST_PORT lets two test runs share a machine; the server config reads the same variable.
const port = process.env.UI_TEST_PORT || '8888';
// A second server without the extension's server part, for the stock-server tests.
const stockPort = process.env.UI_TEST_STOCK_PORT || String(Number(port) - 1);

// A third server with real-time collaboration on (jupyter-collaboration), for the collaboration tests.
const collabPort = process.env.UI_TEST_COLLAB_PORT || String(Number(port) + 1);

// A fourth server whose checkpoint store is on S3 (moto's server, started by its config), for the
// smoke tests once on object storage.
const s3Port = process.env.UI_TEST_S3_PORT || String(Number(port) + 2);

// UI_TEST_WORKERS (default 1): browsers side by side. Each project runs one test at a time on its own
// server (tests share a server's store, kernels and clean-up, so two of them on one server could
// see each other's checkpoints); with more than one worker, the JupyterLab project's specs are split
// over two servers (`lab` and `lab-2`, on PORT+3), so that two lanes of about equal length run at once.
const workers = Number(process.env.UI_TEST_WORKERS || 1);
const lab2Port = process.env.UI_TEST_LAB2_PORT || String(Number(port) + 3);
const splitLab = workers > 1;
// The second JupyterLab server's share: about half of the project's tests. A new spec runs on `lab`.
const lab2Specs =
  /(panel|variables|history|folders|notebook7|notebook7-compare)\.spec/;

// `make test-oldest`: the @smoke tests against the oldest supported JupyterLab (and its Notebook 7),
// served from another virtual environment (UI_TEST_OLDEST_VENV) on its own port.
const oldestVenv = process.env.UI_TEST_OLDEST_VENV;
const oldestPort = process.env.UI_TEST_OLDEST_PORT || String(Number(port) + 10);

const servers = oldestVenv
  ? [
      {
        command: `${oldestVenv}/bin/jupyter lab --config jupyter_server_test_config.py`,
        env: { ...process.env, UI_TEST_PORT: oldestPort },
        url: `http://localhost:${oldestPort}/lab`,
        timeout: 180 * 1000,
        reuseExistingServer: false
      }
    ]
  : [
      {
        command: 'jlpm start',
        url: `http://localhost:${port}/lab`,
        timeout: 180 * 1000,
        reuseExistingServer: !process.env.CI
      },
      {
        command: `jupyter lab --config jupyter_server_stock_config.py`,
        env: { ...process.env, UI_TEST_STOCK_PORT: stockPort },
        url: `http://localhost:${stockPort}/lab`,
        timeout: 180 * 1000,
        reuseExistingServer: !process.env.CI
      },
      {
        command: 'jupyter lab --config jupyter_server_test_config.py',
        env: { ...process.env, UI_TEST_PORT: collabPort, UI_TEST_RTC: '1' },
        url: `http://localhost:${collabPort}/lab`,
        timeout: 180 * 1000,
        reuseExistingServer: !process.env.CI
      },
      {
        command: 'jupyter lab --config jupyter_server_test_config.py',
        env: { ...process.env, UI_TEST_PORT: s3Port, UI_TEST_S3: '1' },
        url: `http://localhost:${s3Port}/lab`,
        timeout: 180 * 1000,
        reuseExistingServer: !process.env.CI
      },
      ...(splitLab
        ? [
            {
              command: 'jupyter lab --config jupyter_server_test_config.py',
              env: { ...process.env, UI_TEST_PORT: lab2Port },
              url: `http://localhost:${lab2Port}/lab`,
              timeout: 180 * 1000,
              reuseExistingServer: !process.env.CI
            }
          ]
        : [])
    ];

const projects = oldestVenv
  ? [
      {
        name: 'oldest',
        grep: /@smoke/,
        testIgnore: [
          /stock-server/,
          /screenshots/,
          /jupytext/,
          /collaboration/
        ],
        use: { baseURL: `http://localhost:${oldestPort}` }
      }
    ]
  : [
      {
        name: 'lab',
        testIgnore: [
          /stock-server/,
          /screenshots/,
          /collaboration/,
          /s3\.spec/,
          ...(splitLab ? [lab2Specs] : [])
        ]
      },
      ...(splitLab
        ? [
            {
              name: 'lab-2',
              testMatch: lab2Specs,
              testIgnore: [/screenshots/],
              use: { baseURL: `http://localhost:${lab2Port}` }
            }
          ]
        : []),
      // The collaboration tests, and the panel and restore tests again with collaboration on.
      {
        name: 'collab',
        testMatch: /collaboration|panel\.spec|restore\.spec/,
        // @solo: tests that write the file behind an open notebook's back and expect the next
        // checkpoint to hold it at once (under collaboration it holds the room's state until the
        // room reloads), open one notebook as a notebook and as text at once, or save right after
        // opening (a save the room leaves unanswered at times).
        grepInvert: /@solo/,
        use: { baseURL: `http://localhost:${collabPort}` }
      },
      // The smoke tests (panel, Ctrl+K, restore) with the store on S3.
      {
        name: 's3',
        testMatch: /smoke\.spec|s3\.spec/,
        use: { baseURL: `http://localhost:${s3Port}` }
      },
      // The kernel variables round trip with the store on S3 (tests tagged @s3 outside s3.spec).
      {
        name: 's3-variables',
        testMatch: /variables\.spec/,
        grep: /@s3/,
        use: { baseURL: `http://localhost:${s3Port}` }
      },
      {
        name: 'stock',
        testMatch: /stock-server/,
        use: { baseURL: `http://localhost:${stockPort}` }
      },
      // The README's screenshots rewrite docs/*.png: only `make screenshots` runs them.
      ...(process.env.UI_TEST_SCREENSHOTS
        ? [{ name: 'screenshots', testMatch: /screenshots/ }]
        : [])
    ];

// Its own output folder: `make test` runs the oldest environment's tests while the main ones run, and
// Playwright empties the output folder when a run starts.
const outputDir = oldestVenv ? 'test-results-oldest' : 'test-results';

module.exports = {
  ...baseConfig,
  outputDir,
  workers,
  retries: process.env.CI ? 1 : 0,
  timeout: 120000,
  reporter: [['list'], ['json', { outputFile: `${outputDir}/results.json` }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  // One test at a time per server (see `workers` above).
  projects: projects.map(project => ({ workers: 1, ...project })),
  webServer: servers
};
