import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { act, Simulate } from 'react-dom/test-utils';
import { ISearchResult } from '../../../client/historyClient';
import { HistorySearch } from '../HistorySearch';

const trans = nullTranslator.load('jupyterlab_checkpoints');

const RESULT: ISearchResult = {
  query: 'needle',
  truncated: false,
  stoppedEarly: false,
  hits: [
    {
      checkpoint: {
        id: 'c1',
        lastModified: '2026-11-23T10:00:00Z',
        label: 'Before cleanup',
        kind: 'manual',
        pinned: false,
        size: null
      },
      also: 0,
      cell: 'x',
      index: 2,
      where: 'source',
      snippet: '<img src=x onerror=alert(1)> needle',
      match: [29, 35]
    }
  ]
};

describe('HistorySearch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('asks once typing pauses, shows hits as text, and opens the preview at the hit', async () => {
    const asked: string[] = [];
    const search = async (_path: string, query: string) => {
      asked.push(query);
      return RESULT;
    };
    const commands = new CommandRegistry();
    const opened: any[] = [];
    commands.addCommand('checkpoints:preview', {
      execute: args => void opened.push(args)
    });
    const node = document.createElement('div');
    document.body.appendChild(node);
    const root = createRoot(node);
    await act(async () =>
      root.render(
        <HistorySearch
          path="dir/nb.ipynb"
          search={search}
          commands={commands}
          trans={trans}
          onActive={() => undefined}
        />
      )
    );
    const input = node.querySelector('input')!;
    for (const text of ['n', 'ne', 'needle']) {
      await act(async () => {
        input.value = text;
        Simulate.change(input);
        jest.advanceTimersByTime(100);
      });
    }
    expect(asked).toEqual([]);
    await act(async () => {
      jest.advanceTimersByTime(300);
    });
    expect(asked).toEqual(['needle']);

    const hit = node.querySelector('[role="option"]')!;
    expect(hit.querySelector('mark')!.textContent).toBe('needle');
    expect(hit.querySelector('img')).toBeNull();
    expect(hit.textContent).toContain('<img src=x onerror=alert(1)>');

    await act(async () => Simulate.keyDown(input, { key: 'ArrowDown' }));
    expect(document.activeElement).toBe(hit);
    await act(async () =>
      Simulate.keyDown(hit.parentElement!, { key: 'Enter' })
    );
    expect(opened).toEqual([{ path: 'dir/nb.ipynb', id: 'c1', cell: 2 }]);

    await act(async () => Simulate.keyDown(input, { key: 'Escape' }));
    expect(input.value).toBe('');
    expect(node.querySelector('[role="option"]')).toBeNull();
    await act(async () => root.unmount());
  });

  it('says when the server stopped the search early', async () => {
    const search = async () => ({
      ...RESULT,
      truncated: true,
      stoppedEarly: true
    });
    const node = document.createElement('div');
    document.body.appendChild(node);
    const root = createRoot(node);
    await act(async () =>
      root.render(
        <HistorySearch
          path="nb.ipynb"
          search={search}
          commands={new CommandRegistry()}
          trans={trans}
          onActive={() => undefined}
        />
      )
    );
    const input = node.querySelector('input')!;
    await act(async () => {
      input.value = 'needle';
      Simulate.change(input);
    });
    await act(async () => {
      jest.advanceTimersByTime(400);
    });
    await act(async () => undefined);
    expect(node.querySelector('[role="status"]')!.textContent).toBe(
      '1 matches: search stopped early'
    );
    await act(async () => root.unmount());
  });
});
