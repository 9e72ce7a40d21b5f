import { nullTranslator } from '@jupyterlab/translation';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { act } from 'react-dom/test-utils';
import { diffNotebooks } from '../../../compare/cellDiff';
import { CompareView } from '../CompareView';

const trans = nullTranslator.load('jupyterlab_checkpoints');

/** A text file compares as one raw cell each side, as the folder checkpoint's Compare makes it. */
const text = (source: string) => [{ cell_type: 'raw', source }];

async function shown(view: CompareView): Promise<void> {
  await act(async () => {
    Widget.attach(view, document.body);
    MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
  });
}

describe('CompareView of a text file', () => {
  it('speaks of lines, not cells, outputs or moves', async () => {
    const older = 'import os\nA = 1\nB = 2\nC = 3\n';
    const newer = 'import os\nA = 1\nB = 20\nC = 3\nD = 4\n';
    const view = new CompareView({
      diffs: diffNotebooks(text(older), text(newer)),
      baseTitle: 'folder checkpoint',
      targetTitle: 'current util.py',
      trans,
      kind: 'text'
    });
    await shown(view);
    const words = view.node.textContent!;
    expect(words).not.toMatch(/\bcells?\b/);
    expect(words).not.toContain('Hide outputs');
    expect(words).not.toMatch(/\bmoved\b/);
    expect(words).toContain('2 lines added, 1 line removed');
    // The hunk is named by its lines in the current file (context included).
    const hunk = view.node.querySelector('[aria-label^="lines"]')!;
    expect(hunk.getAttribute('aria-label')).toBe('lines 1–5');
    expect(
      Array.from(hunk.querySelectorAll('.jp-mod-removed')).map(
        s => s.textContent
      )
    ).toEqual(['B = 2\n']);
    expect(
      Array.from(hunk.querySelectorAll('.jp-mod-added')).map(s => s.textContent)
    ).toEqual(['B = 20\n', 'D = 4\n']);
    Widget.detach(view);
  });

  it('names far-apart changes as separate line ranges', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line${i + 1}\n`);
    const changed = [...lines];
    changed[1] = 'two\n';
    changed[24] = 'twenty-five\n';
    const view = new CompareView({
      diffs: diffNotebooks(text(lines.join('')), text(changed.join(''))),
      baseTitle: 'a',
      targetTitle: 'b',
      trans,
      kind: 'text'
    });
    await shown(view);
    const labels = Array.from(
      view.node.querySelectorAll('.jp-checkpoints-compareCell')
    ).map(li => li.getAttribute('aria-label'));
    expect(labels).toEqual(['lines 1–5', 'lines 22–28']);
    Widget.detach(view);
  });
});
