import { nullTranslator } from '@jupyterlab/translation';
import { groupByDay } from '../dayGroups';

const trans = nullTranslator.load('jupyterlab_checkpoints');
const labels = (
  times: string[],
  now: string,
  options: { timeZone?: string; locale?: string } = {}
) =>
  groupByDay(times, t => t, Date.parse(now), trans, {
    locale: 'en-US',
    ...options
  }).map(g => [g.label, g.items.length]);

describe('groupByDay', () => {
  it('groups newest-first entries into Today, Yesterday and dates', () => {
    expect(
      labels(
        [
          '2026-11-23T10:00:00Z',
          '2026-11-23T00:30:00Z',
          '2026-11-22T23:59:00Z',
          '2026-11-20T08:00:00Z',
          '2025-12-31T08:00:00Z'
        ],
        '2026-11-23T12:00:00Z',
        { timeZone: 'UTC' }
      )
    ).toEqual([
      ['Today', 2],
      ['Yesterday', 1],
      ['Friday, November 20', 1],
      ['Wednesday, December 31, 2025', 1]
    ]);
  });

  it('splits at the user’s midnight, not UTC’s', () => {
    // 23:30 UTC is already the next day in Paris (UTC+1) and still the same day in New York.
    const times = ['2026-11-22T23:30:00Z', '2026-11-22T22:30:00Z'];
    const now = '2026-11-23T09:00:00Z';
    expect(labels(times, now, { timeZone: 'Europe/Paris' })).toEqual([
      ['Today', 1],
      ['Yesterday', 1]
    ]);
    expect(labels(times, now, { timeZone: 'America/New_York' })).toEqual([
      ['Yesterday', 2]
    ]);
    // Just after midnight in Tokyo (UTC+9), entries of an hour ago are yesterday's.
    expect(
      labels(['2026-11-23T14:30:00Z'], '2026-11-23T15:10:00Z', {
        timeZone: 'Asia/Tokyo'
      })
    ).toEqual([['Yesterday', 1]]);
  });

  it('finds yesterday across a daylight-saving change and a new year', () => {
    // Berlin enters summer time on 2026-03-29: that day has 23 hours, so "24 hours before
    // 00:30 on the 30th" would still be the 28th.
    expect(
      labels(['2026-03-29T10:00:00Z'], '2026-03-29T22:30:00Z', {
        timeZone: 'Europe/Berlin'
      })
    ).toEqual([['Yesterday', 1]]);
    // It leaves summer time on 2026-10-25 (25 hours).
    expect(
      labels(['2026-10-24T20:10:00Z'], '2026-10-26T22:50:00Z', {
        timeZone: 'Europe/Berlin'
      })
    ).toEqual([['Saturday, October 24', 1]]);
    expect(
      labels(['2026-12-31T20:00:00Z'], '2027-01-01T10:00:00Z', {
        timeZone: 'UTC'
      })
    ).toEqual([['Yesterday', 1]]);
  });

  it('writes dates in the user’s language and keeps unreadable times with their neighbours', () => {
    expect(
      labels(['2026-11-20T08:00:00Z', 'not a time'], '2026-11-23T12:00:00Z', {
        timeZone: 'UTC',
        locale: 'fr-FR'
      })
    ).toEqual([['vendredi 20 novembre', 2]]);
    expect(labels([], '2026-11-23T12:00:00Z')).toEqual([]);
  });
});
