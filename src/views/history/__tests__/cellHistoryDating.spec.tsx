import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { nullTranslator } from '@jupyterlab/translation';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { act } from 'react-dom/test-utils';
import { ICellVersion } from '../../../client/historyClient';
import { ICheckpoint } from '../../../tokens';
import { CellHistoryView } from '../CellHistoryView';

const trans = nullTranslator.load('jupyterlab_checkpoints');

const checkpoint = (id: string, lastModified: string): ICheckpoint => ({
  id,
  lastModified,
  label: '',
  kind: 'manual',
  pinned: false,
  size: null
});

const cell = (source: string) => ({
  cell_type: 'code',
  id: 'a',
  source,
  metadata: {},
  outputs: []
});

describe('CellHistoryView', () => {
  it('dates each version by when it first appeared, newest first, and shows it as the older side', async () => {
    // As the server sends them: each version under the newest checkpoint holding it. 'a = 1' was
    // made at 09:00 and kept until 12:00; 'a = 2' appeared at 10:00 and was last seen at 11:00.
    const versions: ICellVersion[] = [
      {
        checkpoint: checkpoint('c4', '2026-11-23T12:00:00Z'),
        first: checkpoint('c1', '2026-11-23T09:00:00Z'),
        checkpoints: ['c4', 'c1'],
        cell: cell('a = 1')
      },
      {
        checkpoint: checkpoint('c3', '2026-11-23T11:00:00Z'),
        first: checkpoint('c2', '2026-11-23T10:00:00Z'),
        checkpoints: ['c3', 'c2'],
        cell: cell('a = 2')
      }
    ];
    const view = new CellHistoryView({
      title: 'History of cell 1 of h.ipynb',
      versions,
      current: () => cell('a = 3'),
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      }),
      trans
    });
    await act(async () => {
      Widget.attach(view, document.body);
      MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
    });
    const items = Array.from(
      view.node.querySelectorAll('.jp-checkpoints-version')
    );
    expect(items.map(li => li.querySelector('time')!.dateTime)).toEqual([
      '2026-11-23T10:00:00Z',
      '2026-11-23T09:00:00Z'
    ]);
    // Older (the version) removed, newer (the cell now) added: the scheme of Compare.
    expect(items[0].querySelector('.jp-mod-removed')!.textContent).toBe(
      'a = 2\n'
    );
    expect(items[0].querySelector('.jp-mod-added')!.textContent).toBe(
      'a = 3\n'
    );
    expect(
      view.node.querySelector('.jp-checkpoints-diffLegend')!.textContent
    ).toBe('Older (checkpoint) · Newer (current)');
    Widget.detach(view);
  });
});
