import { IAutoRecord, mayRemove, planCheckpoint } from '../coalescer';

const SPACING = 30000;
const T0 = 1_000_000;

function record(over: Partial<IAutoRecord> = {}): IAutoRecord {
  return {
    id: 'a1',
    path: 'nb.ipynb',
    kind: 'auto',
    label: 'Ran cell 1',
    createdAt: T0,
    seriesStart: T0,
    ...over
  };
}

function plan(over: Partial<Parameters<typeof planCheckpoint>[0]> = {}) {
  return planCheckpoint({
    changed: true,
    last: record(),
    kind: 'auto',
    path: 'nb.ipynb',
    now: T0 + 5000,
    minSpacingMs: SPACING,
    ...over
  });
}

describe('planCheckpoint', () => {
  it('skips when nothing changed since the last automatic checkpoint', () => {
    expect(plan({ changed: false })).toEqual({
      create: false,
      reason: 'unchanged'
    });
    expect(plan({ changed: false, kind: 'failure' })).toEqual({
      create: false,
      reason: 'unchanged'
    });
  });

  it('creates the first one and keeps it', () => {
    expect(plan({ last: null })).toEqual({
      create: true,
      replaceId: null,
      seriesStart: T0 + 5000
    });
  });

  it('replaces a recent plain automatic checkpoint, keeping the series start', () => {
    expect(plan()).toEqual({ create: true, replaceId: 'a1', seriesStart: T0 });
  });

  it('measures the spacing from the start of the series, so a long burst keeps one per period', () => {
    const last = record({ createdAt: T0 + 25000, seriesStart: T0 });
    expect(plan({ last, now: T0 + 29999 })).toMatchObject({ replaceId: 'a1' });
    expect(plan({ last, now: T0 + 30000 })).toEqual({
      create: true,
      replaceId: null,
      seriesStart: T0 + 30000
    });
  });

  it('never replaces a failure checkpoint nor lets a failure replace', () => {
    expect(plan({ last: record({ kind: 'failure' }) })).toMatchObject({
      replaceId: null
    });
    expect(plan({ kind: 'failure' })).toMatchObject({ replaceId: null });
  });

  it('does not replace across paths, with a zero spacing, or when the clock went back', () => {
    expect(plan({ path: 'other.ipynb' })).toMatchObject({ replaceId: null });
    expect(plan({ minSpacingMs: 0 })).toMatchObject({ replaceId: null });
    expect(plan({ now: T0 - 1 })).toMatchObject({ replaceId: null });
  });
});

describe('mayRemove', () => {
  const listed = (over = {}) => [
    { id: 'm0', kind: 'manual', label: '', pinned: false },
    { id: 'a1', kind: 'auto', label: 'Ran cell 1', pinned: false, ...over },
    { id: 'a2', kind: 'auto', label: 'Ran cell 2', pinned: false }
  ];

  it('removes the previous automatic checkpoint when it is untouched', () => {
    expect(mayRemove(record(), 'a2', listed())).toBe(true);
  });

  it('keeps it when the user pinned or renamed it, or when it is gone', () => {
    expect(mayRemove(record(), 'a2', listed({ pinned: true }))).toBe(false);
    expect(mayRemove(record(), 'a2', listed({ label: 'keep me' }))).toBe(false);
    expect(mayRemove(record({ id: 'gone' }), 'a2', listed())).toBe(false);
  });

  it('never removes the checkpoint just created (a stock server reuses one id)', () => {
    expect(
      mayRemove(record({ id: 'checkpoint' }), 'checkpoint', [
        { id: 'checkpoint', kind: 'auto', label: 'Ran cell 1', pinned: false }
      ])
    ).toBe(false);
  });
});
