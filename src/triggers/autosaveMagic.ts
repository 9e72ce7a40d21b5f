/** Metadata key of the per-notebook settings. */
export const METADATA_KEY = 'jupyterlab_checkpoints';

/**
 * Seconds asked by an `%autosave N` line magic in a cell's source (0 = off), or null when there is
 * none. Like the classic notebook's magic, the last one in the cell wins.
 */
export function parseAutosaveMagic(source: string): number | null {
  let found: number | null = null;
  for (const match of source.matchAll(/^[ \t]*%autosave[ \t]+(\d+)[ \t]*$/gm)) {
    found = Number(match[1]);
  }
  return found;
}

/** Per-notebook autosave interval from metadata: seconds (0 = off), or null when not overridden. */
export function intervalFromMetadata(metadata: unknown): number | null {
  const value =
    typeof metadata === 'object' &&
    metadata !== null &&
    'autosave_interval' in metadata
      ? metadata.autosave_interval
      : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : null;
}
