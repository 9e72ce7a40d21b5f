/**
 * Galata configuration: JupyterLab is started by the webServer entry with a throw-away root folder;
 * the browser is Debian's Chromium (Playwright cannot download its own here).
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// UI_TEST_PORT lets two test runs share a machine; the server config reads the same variable.
const port = process.env.UI_TEST_PORT || '8888';
// A second server without the extension's server part, for the stock-server tests.
const stockPort = process.env.UI_TEST_STOCK_PORT || String(Number(port) - 1);

module.exports = {
  ...baseConfig,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 120000,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
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
  projects: [
    { name: 'lab', testIgnore: [/stock-server/, /screenshots/] },
    {
      name: 'stock',
      testMatch: /stock-server/,
      use: { baseURL: `http://localhost:${stockPort}` }
    },
    // The README's screenshots rewrite docs/*.png: only `make screenshots` runs them.
    ...(process.env.UI_TEST_SCREENSHOTS
      ? [{ name: 'screenshots', testMatch: /screenshots/ }]
      : [])
  ],
  webServer: [
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
    }
  ]
};
