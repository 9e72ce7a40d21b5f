import { TranslationBundle } from '@jupyterlab/translation';

/** Entries of one calendar day, in the order given. */
export interface IDayGroup<T> {
  /** `YYYY-MM-DD` in the time zone used. */
  day: string;
  /** "Today", "Yesterday", or the date in the user's language. */
  label: string;
  items: T[];
}

export interface IDayOptions {
  /** The browser's language when not given. */
  locale?: string;
  /** The browser's time zone when not given (an IANA name, e.g. `Europe/Paris`). */
  timeZone?: string;
}

/** `YYYY-MM-DD` of `time` as a clock in `timeZone` reads it. */
function dayKey(time: number, timeZone?: string): string {
  // en-CA formats dates as YYYY-MM-DD; only the digits are used, never shown.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  }).format(time);
}

/** The calendar day before `day`: date arithmetic, so a 23- or 25-hour day changes nothing. */
function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * Group entries (already sorted, newest first) by the calendar day they were made on, where the
 * user is: "Today", "Yesterday", then dates ("Friday, 20 November" in the user's language; the
 * year too when it is not this one). An unreadable time joins the group of the entry before it.
 */
export function groupByDay<T>(
  items: readonly T[],
  timeOf: (item: T) => string,
  now: number,
  trans: TranslationBundle,
  options: IDayOptions = {}
): IDayGroup<T>[] {
  const { locale, timeZone } = options;
  const today = dayKey(now, timeZone);
  const yesterday = dayBefore(today);
  const groups: IDayGroup<T>[] = [];
  for (const item of items) {
    const time = new Date(timeOf(item)).getTime();
    let day = Number.isNaN(time) ? null : dayKey(time, timeZone);
    const last = groups[groups.length - 1];
    day = day ?? last?.day ?? today;
    if (last && last.day === day) {
      last.items.push(item);
      continue;
    }
    let label: string;
    if (day === today) {
      label = trans.__('Today');
    } else if (day === yesterday) {
      label = trans.__('Yesterday');
    } else {
      label = new Intl.DateTimeFormat(locale, {
        timeZone,
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        ...(day.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' })
      }).format(time);
    }
    groups.push({ day, label, items: [item] });
  }
  return groups;
}
