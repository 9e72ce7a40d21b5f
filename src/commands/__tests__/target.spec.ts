import { JupyterFrontEnd } from '@jupyterlab/application';
import { Signal } from '@lumino/signaling';
import { ICheckpoint, ICheckpointSelection } from '../../tokens';
import { clickedItem, commandTarget } from '../target';

/** An app whose context menu was last opened on `node` (or on nothing). */
function appWithMenuOn(node: HTMLElement | null): JupyterFrontEnd {
  const app = {
    contextMenuHitTest: (test: (n: HTMLElement) => boolean) =>
      node && test(node) ? node : undefined
  };
  return app as unknown as JupyterFrontEnd;
}

function item(path: string, id: string): HTMLElement {
  const node = document.createElement('li');
  node.dataset.path = path;
  node.dataset.checkpointId = id;
  return node;
}

function selection(
  path: string | null,
  selected: string | null
): ICheckpointSelection {
  const checkpoint: ICheckpoint | null = selected
    ? {
        id: selected,
        lastModified: '',
        label: '',
        kind: 'manual',
        pinned: false,
        size: null
      }
    : null;
  const value = {
    path,
    selectedId: selected,
    selected: checkpoint,
    selectionChanged: new Signal<unknown, string | null>({})
  };
  return value as unknown as ICheckpointSelection;
}

describe('commandTarget', () => {
  it('takes the arguments first, the path defaulting to the panel document', () => {
    const app = appWithMenuOn(item('b.ipynb', 'clicked'));
    const panel = selection('a.ipynb', 'selected');
    expect(commandTarget(app, panel, { path: 'c.ipynb', id: 'x' })).toEqual({
      path: 'c.ipynb',
      id: 'x'
    });
    expect(commandTarget(app, panel, { id: 'x' })).toEqual({
      path: 'a.ipynb',
      id: 'x'
    });
  });

  it('then the item under the context menu, then the selected one', () => {
    const panel = selection('a.ipynb', 'selected');
    expect(
      commandTarget(appWithMenuOn(item('a.ipynb', 'c1')), panel, {})
    ).toEqual({ path: 'a.ipynb', id: 'c1' });
    expect(commandTarget(appWithMenuOn(null), panel, {})).toEqual({
      path: 'a.ipynb',
      id: 'selected'
    });
  });

  it('is null without a checkpoint or a document', () => {
    expect(
      commandTarget(appWithMenuOn(null), selection('a.ipynb', null), {})
    ).toBeNull();
    expect(commandTarget(appWithMenuOn(null), null, { id: 'x' })).toBeNull();
    expect(
      commandTarget(appWithMenuOn(null), null, { id: '', path: 'a' })
    ).toBeNull();
  });

  it('reads the clicked item from its data attributes only', () => {
    expect(
      clickedItem(appWithMenuOn(document.createElement('div')))
    ).toBeNull();
    expect(clickedItem(appWithMenuOn(item('d/n.ipynb', 'k')))).toEqual({
      path: 'd/n.ipynb',
      id: 'k'
    });
  });
});
