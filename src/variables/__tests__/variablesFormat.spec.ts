import { nullTranslator } from '@jupyterlab/translation';
import { ICheckpoint } from '../../tokens';
import { restoreReport, variablesLabel, variablesSummary } from '../format';

const trans = nullTranslator.load('jupyterlab_checkpoints');

const entry = (more: Partial<ICheckpoint>): ICheckpoint => ({
  id: 'c1',
  lastModified: '2026-11-23T12:00:00Z',
  label: '',
  kind: 'manual',
  pinned: false,
  size: 10,
  variables: true,
  ...more
});

describe('variables wording', () => {
  it('says how many variables a checkpoint holds and their size', () => {
    const c = entry({ variablesCount: 3, variablesBytes: 41 * 1024 * 1024 });
    expect(variablesSummary(c, trans)).toBe('3 variables · 41.0 MB');
    expect(variablesLabel(c, trans)).toBe(
      '3 kernel variables saved with it, 41.0 MB'
    );
    const one = entry({ variablesCount: 1, variablesBytes: 20 });
    expect(variablesSummary(one, trans)).toBe('1 variable · 20 B');
  });

  it('says only "variables" when an older server gave no figures', () => {
    expect(variablesSummary(entry({}), trans)).toBe('variables');
    expect(variablesLabel(entry({}), trans)).toBe(
      'kernel variables saved with it'
    );
  });

  it('reports a restore: what came back and why the rest did not', () => {
    expect(restoreReport({ restored: ['a', 'b'], skipped: [] }, trans)).toBe(
      'Restored 2 variables'
    );
    expect(
      restoreReport(
        {
          restored: ['a'],
          skipped: [{ name: 'm', reason: 'needs dill' }]
        },
        trans
      )
    ).toBe('Restored 1 variable; skipped 1 (m: needs dill)');
    const skipped = ['p', 'q', 'r', 's', 't'].map(name => ({
      name,
      reason: 'cannot be loaded'
    }));
    expect(restoreReport({ restored: [], skipped }, trans)).toBe(
      'Restored 0 variables; skipped 5 (p: cannot be loaded, q: cannot be loaded, r: cannot be loaded, and 2 more)'
    );
  });
});
