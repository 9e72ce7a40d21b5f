import { PathExt } from '@jupyterlab/coreutils';
import { normalizePath } from '../paths';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Where "Open as New Folder" writes a checkpoint: `<folder> (checkpoint YYYY-MM-DD HH.MM)` beside
 * the folder, in local time (the time users see in the panel). Dots, not colons: a colon is not
 * allowed in Windows file names. The root folder has no name and no parent: its copy is named
 * after the checkpoint alone, inside the root.
 */
export function extractTarget(folder: string, created: string | Date): string {
  const date = new Date(created);
  const stamp = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}.${pad(date.getMinutes())}`;
  const path = normalizePath(folder).replace(/\/+$/, '');
  const name = PathExt.basename(path);
  const copy = name ? `${name} (checkpoint ${stamp})` : `checkpoint ${stamp}`;
  const parent = PathExt.dirname(path);
  return parent && parent !== '.' ? `${parent}/${copy}` : copy;
}

/** A free variant of `target` when it is taken: `name (2)`, `name (3)`... */
export function numberedTarget(target: string, n: number): string {
  return n <= 1 ? target : `${target} (${n})`;
}
