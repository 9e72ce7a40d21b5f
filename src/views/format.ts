import { TranslationBundle } from '@jupyterlab/translation';
import { kindLabel } from '../kinds';
import { ICheckpoint } from '../tokens';

/**
 * Every time and duration the extension writes goes through this module, in one wording: the
 * browser's own long units ("2 minutes", "2 minutes ago", "11:04 AM").
 */

/** "11:04 AM", or "11:04:27 AM" with `seconds` (two entries of the same minute). */
export function clockTime(when: string | number, seconds = false): string {
  return new Date(when).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {})
  });
}

/** The label, or a default title made of the kind and the time (to the second when `seconds`). */
export function checkpointTitle(
  c: ICheckpoint,
  trans: TranslationBundle,
  options: { seconds?: boolean } = {}
): string {
  if (c.label) {
    return c.label;
  }
  return trans.__(
    '%1 checkpoint · %2',
    kindLabel(c.kind, trans),
    clockTime(c.lastModified, options.seconds)
  );
}

/**
 * Ids of the unlabelled checkpoints whose default titles would read alike: made in the same
 * minute as another one of the same kind. Their titles show the seconds.
 */
export function sameMinuteIds(
  checkpoints: readonly Pick<
    ICheckpoint,
    'id' | 'label' | 'kind' | 'lastModified'
  >[]
): Set<string> {
  const byMinute = new Map<string, string[]>();
  for (const c of checkpoints) {
    if (c.label) {
      continue;
    }
    const minute = Math.floor(Date.parse(c.lastModified) / 60000);
    const key = `${c.kind} ${minute}`;
    byMinute.set(key, [...(byMinute.get(key) ?? []), c.id]);
  }
  const ids = new Set<string>();
  for (const group of byMinute.values()) {
    if (group.length > 1) {
      group.forEach(id => ids.add(id));
    }
  }
  return ids;
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
    style: 'long'
  });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

/**
 * "30 seconds", "2 minutes", "1.5 hours": a length of time in the same words as `relativeTime`.
 */
export function formatDuration(
  seconds: number,
  options: IRelativeTimeOptions = {}
): string {
  const [unit, size]: [string, number] =
    seconds < 60
      ? ['second', 1]
      : seconds < 3600
        ? ['minute', 60]
        : ['hour', 3600];
  return new Intl.NumberFormat(options.locale, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1
  }).format(seconds / size);
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
