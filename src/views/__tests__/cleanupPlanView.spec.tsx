import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { toCleanupPlan } from '../../client/parse';
import { CleanupPlanView } from '../CleanupPlanView';

const trans = nullTranslator.load('jupyterlab_checkpoints');

function render(plan: unknown): HTMLElement {
  const node = document.createElement('div');
  node.innerHTML = renderToStaticMarkup(
    <CleanupPlanView plan={toCleanupPlan(plan)} trans={trans} />
  );
  return node;
}

describe('CleanupPlanView', () => {
  it('lists each thing freed with its size, then the total', () => {
    const node = render({
      deleted_older_than_days: 7,
      unreferenced: { objects: 2, bytes: 2048 },
      deleted: [
        {
          path: 'old/analysis.ipynb',
          deleted: '2026-11-13T09:12:00+00:00',
          bytes: 5 * 1024 * 1024,
          checkpoints: 4
        }
      ],
      pinned_kept: [{ path: 'old/keep.ipynb', deleted: '' }],
      waiting: { objects: 0, bytes: 0 },
      bytes: 5 * 1024 * 1024 + 2048
    });
    const rows = Array.from(node.querySelectorAll('tr')).map(r =>
      Array.from(r.children).map(c => c.textContent)
    );
    expect(rows[0]).toEqual([
      'Content no checkpoint refers to any more2 pieces',
      '2.0 KB'
    ]);
    expect(rows[1][0]).toMatch(
      /^old\/analysis\.ipynbdeleted .* · 4 checkpoints$/
    );
    expect(rows[1][1]).toBe('5.0 MB');
    expect(rows[2]).toEqual(['Total', '5.0 MB']);
    expect(node.textContent).toContain(
      'Kept whole, as they hold a pinned checkpoint: old/keep.ipynb'
    );
    expect(node.textContent).toContain('more than 7 days ago');
  });

  it('says when there is nothing to free, without a table', () => {
    const node = render({
      deleted_older_than_days: 30,
      unreferenced: { objects: 0, bytes: 0 },
      deleted: [],
      waiting: { objects: 3, bytes: 1024 },
      bytes: 0
    });
    expect(node.querySelector('table')).toBeNull();
    expect(node.textContent).toMatch(/^Nothing to free/);
    expect(node.textContent).toContain(
      '1.0 KB of content stored in the last hour'
    );
  });
});
