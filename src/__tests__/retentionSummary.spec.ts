import { nullTranslator } from '@jupyterlab/translation';
import { retentionSummary, roundSpan } from '../retentionSummary';

const trans = nullTranslator.load('jupyterlab_checkpoints');
const limits = {
  max_unpinned: 10,
  max_pinned: 10,
  max_label_length: 200,
  deleted_retention_days: 30
};

describe('retentionSummary', () => {
  it('says what the default tiers keep', () => {
    expect(
      retentionSummary(
        { ...limits, keep_hourly: 24, keep_daily: 30, keep_weekly: 26 },
        trans
      )
    ).toBe(
      '10 recent · hourly for a day · daily for a month · weekly for 6 months'
    );
  });

  it('builds the words from the numbers, and leaves out the tiers that are off', () => {
    expect(
      retentionSummary(
        { ...limits, keep_hourly: 1, keep_daily: 7, keep_weekly: 0 },
        trans
      )
    ).toBe('10 recent · hourly for an hour · daily for a week');
    expect(
      retentionSummary({ ...limits, keep_hourly: 0, keep_daily: 12 }, trans)
    ).toBe('10 recent · daily for 12 days');
    // A server without tiers.
    expect(retentionSummary(limits, trans)).toBe('10 recent');
    expect(roundSpan(52, 'week')).toEqual([1, 'year']);
    expect(roundSpan(48, 'hour')).toEqual([2, 'day']);
  });
});
