/**
 * What the browser benchmarks share: a JupyterLab started with the UI tests' server config on a
 * folder of the benchmark's own, Debian's Chromium, and a median.
 * Needs the UI-test npm packages (cd ui-tests && jlpm install) and Debian's chromium.
 */
const { spawn } = require('child_process');
const path = require('path');

const { chromium } = require(
  path.join(__dirname, '..', 'ui-tests', 'node_modules', '@playwright/test')
);

/** Start JupyterLab on `port` serving `root`; resolves with the process once it listens. */
function startLab(root, port, extraEnv = {}) {
  const lab = spawn(
    'jupyter',
    [
      'lab',
      '--config',
      path.join(__dirname, '..', 'ui-tests', 'jupyter_server_test_config.py')
    ],
    {
      env: {
        ...process.env,
        UI_TEST_PORT: port,
        JUPYTERLAB_GALATA_ROOT_DIR: root,
        ...extraEnv
      },
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('JupyterLab did not start')),
      120000
    );
    lab.stderr.on('data', chunk => {
      if (String(chunk).includes('is running at')) {
        clearTimeout(timer);
        resolve(lab);
      }
    });
  });
}

/** Debian's Chromium (Playwright cannot download its own here), without background traffic. */
function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
  });
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

module.exports = { launchChromium, median, startLab };
