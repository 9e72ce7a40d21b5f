import { nullTranslator } from '@jupyterlab/translation';
import * as fs from 'fs';
import * as path from 'path';
import {
  CHECKPOINT_KINDS,
  isCheckpointKind,
  kindIcon,
  kindLabel
} from '../kinds';

const STORE = path.resolve(
  __dirname,
  '..',
  '..',
  'jupyterlab_checkpoints',
  'store'
);

/**
 * The kinds the server's store accepts, read from its Python source: the `KINDS = (...)` tuple, or
 * the `Kind("name", ...)` rows of the table it is derived from.
 */
function pythonKinds(): string[] {
  const names = (text: string, pattern: RegExp) =>
    Array.from(text.matchAll(pattern), m => m[1]);
  for (const file of fs.readdirSync(STORE).filter(f => f.endsWith('.py'))) {
    const source = fs.readFileSync(path.join(STORE, file), 'utf8');
    const tuple = /^KINDS\s*=\s*\(([^)]*)\)/m.exec(source);
    if (tuple) {
      return names(tuple[1], /["']([^"']+)["']/g);
    }
    if (/^KINDS\s*=\s*tuple\(/m.test(source)) {
      return names(source, /\bKind\(\s*["']([^"']+)["']/g);
    }
  }
  return [];
}

describe('checkpoint kinds', () => {
  it('are the ones the server knows, in the same order', () => {
    const server = pythonKinds();
    expect(server.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(CHECKPOINT_KINDS))).toEqual(server);
  });

  it('each have a label and an icon', () => {
    const trans = nullTranslator.load('jupyterlab_checkpoints');
    for (const kind of CHECKPOINT_KINDS) {
      expect(kindLabel(kind, trans)).toMatch(/^[A-Z]/);
      expect(kindIcon(kind).name).toBeTruthy();
    }
    expect(kindLabel('before-restore', trans)).toBe('Before restore');
    expect(new Set(CHECKPOINT_KINDS.map(kindIcon)).size).toBe(
      CHECKPOINT_KINDS.length
    );
  });

  it('tell kinds from other values', () => {
    expect(isCheckpointKind('failure')).toBe(true);
    expect(isCheckpointKind('toString')).toBe(false);
    expect(isCheckpointKind(undefined)).toBe(false);
  });
});
