import { toCheckpoint } from '../../client/parse';

const base = {
  id: 'c1',
  last_modified: '2026-11-23T12:00:00Z',
  kind: 'manual'
};

describe('a checkpoint model holding variables', () => {
  it('keeps the count and bytes the server gives', () => {
    const c = toCheckpoint({
      ...base,
      variables: true,
      variables_count: 3,
      variables_bytes: 4096
    });
    expect(c.variables).toBe(true);
    expect(c.variablesCount).toBe(3);
    expect(c.variablesBytes).toBe(4096);
  });

  it('says only what the entry holds: no figures without the flag, none from an older server', () => {
    const none = toCheckpoint({ ...base, variables_count: 3 });
    expect(none.variables).toBeUndefined();
    expect(none.variablesCount).toBeUndefined();
    const older = toCheckpoint({ ...base, variables: true });
    expect(older.variables).toBe(true);
    expect(older.variablesCount).toBeUndefined();
  });
});
