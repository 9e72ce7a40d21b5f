import { TranslationBundle } from '@jupyterlab/translation';
import { IServerInfo } from './tokens';

/**
 * What the server keeps of a file's history, in words: "10 recent · hourly for a day · daily for a
 * month · weekly for 6 months", built from the limits of `GET info` (the server's own tiers:
 * store/tiers.py, whose `summary` says the same in English). A server without tiers says "10 recent".
 */

type Unit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Counts that make a round larger unit, and how many of it: 26 weeks are 6 months. */
const LARGER: { [unit: string]: [number, Unit, number][] } = {
  hour: [[24, 'day', 1]],
  day: [
    [365, 'year', 1],
    [30, 'month', 1],
    [7, 'week', 1]
  ],
  week: [
    [52, 'year', 1],
    [13, 'month', 3]
  ]
};

/** (n, unit) in the largest round unit: 24 hours are 1 day, 12 days stay 12 days. */
export function roundSpan(count: number, unit: Unit): [number, Unit] {
  for (const [size, larger, times] of LARGER[unit] ?? []) {
    if (count % size === 0) {
      return [(count / size) * times, larger];
    }
  }
  return [count, unit];
}

function spanWords(n: number, unit: Unit, trans: TranslationBundle): string {
  switch (unit) {
    case 'hour':
      return trans._n('an hour', '%1 hours', n);
    case 'day':
      return trans._n('a day', '%1 days', n);
    case 'week':
      return trans._n('a week', '%1 weeks', n);
    case 'month':
      return trans._n('a month', '%1 months', n);
    default:
      return trans._n('a year', '%1 years', n);
  }
}

export function retentionSummary(
  limits: IServerInfo['limits'],
  trans: TranslationBundle
): string {
  const parts = [trans.__('%1 recent', limits.max_unpinned)];
  const tiers: [number | undefined, Unit, (span: string) => string][] = [
    [limits.keep_hourly, 'hour', span => trans.__('hourly for %1', span)],
    [limits.keep_daily, 'day', span => trans.__('daily for %1', span)],
    [limits.keep_weekly, 'week', span => trans.__('weekly for %1', span)]
  ];
  for (const [count, unit, words] of tiers) {
    if (count && count > 0) {
      const [n, larger] = roundSpan(count, unit);
      parts.push(words(spanWords(n, larger, trans)));
    }
  }
  return parts.join(' · ');
}
