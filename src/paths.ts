/**
 * Paths without a leading slash, as the rest of JupyterLab uses them (REST paths carry one).
 */
export function normalizePath(path: string): string {
  return path.replace(/^\/+/, '');
}

/** Whether two paths name the same file, whatever their leading slashes. */
export function samePath(a: string, b: string): boolean {
  return normalizePath(a) === normalizePath(b);
}
