/**
 * jupyter-collaboration opens shared documents through a drive of its own, so their contexts carry
 * paths like `RTC:dir/nb.ipynb`; the server knows them as `dir/nb.ipynb`.
 */
const SHARED_DRIVE = /^RTC:/;

/**
 * The server's path of a document: without the shared drive's prefix and without the leading slash
 * REST paths carry, as the rest of JupyterLab uses them.
 */
export function normalizePath(path: string): string {
  return path.replace(SHARED_DRIVE, '').replace(/^\/+/, '');
}

/** Whether two paths name the same file, whatever their leading slashes or drive. */
export function samePath(a: string, b: string): boolean {
  return normalizePath(a) === normalizePath(b);
}
