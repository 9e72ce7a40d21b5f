import { toCheckpoint } from '../parse';
import { isManual } from '../../kinds';

describe('an entry kept by hand', () => {
  it('stays a failure and counts as manual', () => {
    const c = toCheckpoint({
      id: 'a',
      last_modified: '2026-12-07T12:00:00Z',
      kind: 'failure',
      kept: true
    });
    expect(c.kind).toBe('failure');
    expect(isManual(c)).toBe(true);
  });

  it('is not manual when nothing says so', () => {
    const c = toCheckpoint({ id: 'a', last_modified: 'x', kind: 'failure' });
    expect(c.kept).toBeUndefined();
    expect(isManual(c)).toBe(false);
    expect(isManual({ kind: 'manual' })).toBe(true);
  });
});
