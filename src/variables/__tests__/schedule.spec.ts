import { autoSnapshotDue } from '../schedule';

const MIN = 60_000;
const now = Date.parse('2026-11-23T12:00:00Z');

describe('autoSnapshotDue', () => {
  it('snapshots when none is known, or the last is at least N minutes old', () => {
    const due = (last: number | null) =>
      autoSnapshotDue({ everyMinutes: 10, last, now, kernelStatus: 'idle' });
    expect(due(null)).toBe(true);
    expect(due(now - 10 * MIN)).toBe(true);
    expect(due(now - 9 * MIN)).toBe(false);
    expect(due(now)).toBe(false);
  });

  it('never with 0 minutes, nor while the kernel is not idle', () => {
    expect(
      autoSnapshotDue({
        everyMinutes: 0,
        last: null,
        now,
        kernelStatus: 'idle'
      })
    ).toBe(false);
    for (const kernelStatus of ['busy', 'starting', 'restarting', 'dead']) {
      expect(
        autoSnapshotDue({ everyMinutes: 10, last: null, now, kernelStatus })
      ).toBe(false);
    }
  });
});
