const jestJupyterLab = require('@jupyterlab/testutils/lib/jest-config');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  testRegex: 'src/.*/.*.spec.ts[x]?$',
  // @jupyterlab packages ship ES modules: transform them too, keeping the base list of exceptions.
  transformIgnorePatterns: (baseConfig.transformIgnorePatterns || []).map(
    pattern =>
      pattern.replace('/node_modules/(?!', '/node_modules/(?!@jupyterlab/|')
  ),
  // The built labextension holds a package.json copy that jest would see as a duplicate module.
  modulePathIgnorePatterns: ['<rootDir>/jupyterlab_checkpoints/labextension'],
  collectCoverageFrom: [
    'src/**/*.{ts,tsx}',
    '!src/**/*.d.ts',
    '!src/**/__tests__/**'
  ]
};
