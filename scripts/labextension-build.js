// Builds the prebuilt labextension against the JupyterLab installed in this Python environment:
// its staging folder carries the core package metadata the builder needs, so no network is used.
const { execFileSync } = require('child_process');

const python = process.env.PYTHON || 'python';
const staging = execFileSync(python, [
  '-c',
  "import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), 'staging'))"
])
  .toString()
  .trim();
const args = ['labextension', 'build', '--core-path', staging];
if (process.argv.includes('--development')) {
  args.push('--development', 'True', '--source-map', 'True');
}
args.push('.');
execFileSync('jupyter', args, { stdio: 'inherit' });
