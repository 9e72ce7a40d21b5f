// Webpack inlines the JSON at build time; the Python package takes its version from the same file.
declare const require: (id: string) => { version: string };

/** The version of this frontend, to compare with the one the server part reports. */
export const FRONTEND_VERSION: string = require('../package.json').version;
