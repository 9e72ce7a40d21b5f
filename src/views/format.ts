import { TranslationBundle } from '@jupyterlab/translation';
import { CheckpointKind, ICheckpoint } from '../tokens';

/** Human name of a kind. */
export function kindLabel(
  kind: CheckpointKind,
  trans: TranslationBundle
): string {
  switch (kind) {
    case 'manual':
      return trans.__('Manual');
    case 'save':
      return trans.__('Save');
    case 'auto':
      return trans.__('Automatic');
    case 'failure':
      return trans.__('Failure');
    case 'before-restore':
      return trans.__('Before restore');
    case 'rollback':
      return trans.__('Rollback');
    case 'legacy':
      return trans.__('Legacy');
  }
}

/** The label, or a default title made of the kind and the time. */
export function checkpointTitle(
  c: ICheckpoint,
  trans: TranslationBundle
): string {
  if (c.label) {
    return c.label;
  }
  const time = new Date(c.lastModified).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit'
  });
  return trans.__('%1 checkpoint · %2', kindLabel(c.kind, trans), time);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60]
];

/** "5 minutes ago", "just now": the browser's own localized relative time. */
export function relativeTime(
  iso: string,
  now: number,
  locale?: string
): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

/** "12.3 KB" */
export function formatSize(bytes: number | null): string {
  if (bytes === null) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
