import { TranslationBundle } from '@jupyterlab/translation';
import { kindLabel } from '../kinds';
import { ICheckpoint } from '../tokens';

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

/** How relative times are worded. */
export interface IRelativeTimeOptions {
  /** `long`: "5 minutes ago" (the default); `short`: "5 min. ago", for the status bar. */
  style?: Intl.RelativeTimeFormatStyle;
  /** The browser's language when not given. */
  locale?: string;
}

/**
 * "5 minutes ago", "now": the browser's own localized wording. `when` is an ISO time or ms since
 * the epoch. A time ahead of `now` (a server clock ahead of this one) reads as now.
 */
export function relativeTime(
  when: string | number,
  now: number,
  options: IRelativeTimeOptions = {}
): string {
  const then = typeof when === 'number' ? when : new Date(when).getTime();
  const seconds = Math.min(0, Math.round((then - now) / 1000));
  const format = new Intl.RelativeTimeFormat(options.locale, {
    numeric: 'auto',
    style: options.style ?? 'long'
  });
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
