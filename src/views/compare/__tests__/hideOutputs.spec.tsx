import { nullTranslator } from '@jupyterlab/translation';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { act } from 'react-dom/test-utils';
import { diffNotebooks } from '../../../compare/cellDiff';
import { CompareView } from '../CompareView';

const trans = nullTranslator.load('jupyterlab_checkpoints');

const cell = (source: string, text: string) => ({
  cell_type: 'code',
  id: source[0],
  source,
  metadata: {},
  outputs: [{ output_type: 'stream', name: 'stdout', text }]
});

describe('CompareView: Hide outputs', () => {
  it('reads cells whose outputs alone changed as unchanged, and back', async () => {
    const diffs = diffNotebooks(
      [cell('a = 1', 'one'), cell('b = 2', 'two')],
      [cell('a = 1', 'ONE'), cell('b = 3', 'two')]
    );
    const view = new CompareView({
      diffs,
      baseTitle: 'base',
      targetTitle: 'now',
      trans,
      onRestore: async () => undefined
    });
    await act(async () => {
      Widget.attach(view, document.body);
      MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
    });
    const summary = () =>
      view.node.querySelector('[aria-live="polite"]')!.textContent;
    const toggle = Array.from(view.node.querySelectorAll('button')).find(
      b => b.textContent === 'Hide outputs'
    )!;
    expect(summary()).toBe(
      '2 modified, 0 added, 0 removed, 0 moved, 0 unchanged'
    );
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(view.node.textContent).toContain('Outputs changed');

    await act(async () => toggle.click());
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(summary()).toBe(
      '1 modified, 0 added, 0 removed, 0 moved, 1 unchanged'
    );
    expect(view.node.textContent).not.toContain('Outputs changed');

    await act(async () => toggle.click());
    expect(summary()).toBe(
      '2 modified, 0 added, 0 removed, 0 moved, 0 unchanged'
    );
    Widget.detach(view);
  });
});
