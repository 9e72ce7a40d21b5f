import { ICodeCellModel } from '@jupyterlab/cells';
import { ChangeTracker } from '../changeTracker';
import {
  deltaText,
  hasCellIds,
  notebookBlob,
  savedMetadata
} from '../pageDocument';
import { blobText } from '../../client/__tests__/fakeServer';
import { notebookModel } from './notebookFixture';

describe('notebookBlob', () => {
  it('gives what JSON.stringify(model.toJSON()) gives, in slices', async () => {
    const model = notebookModel(30);
    for (let i = 0; i < 30; i++) {
      (model.cells.get(i) as ICodeCellModel).outputs.add({
        output_type: 'display_data',
        data: { 'image/png': 'A'.repeat(20000) },
        metadata: {}
      });
    }
    let yields = 0;
    const text = await blobText(
      await notebookBlob(model.sharedModel, {
        sliceMs: 0,
        yieldNow: async () => {
          yields++;
        }
      })
    );
    expect(yields).toBeGreaterThan(0);
    expect(text).toBe(JSON.stringify(model.toJSON()));
  });

  it('also yields after a slice of many characters, however fast', async () => {
    const model = notebookModel(10);
    let yields = 0;
    const blob = await notebookBlob(model.sharedModel, {
      sliceMs: 60000,
      sliceChars: 1,
      yieldNow: async () => {
        yields++;
      }
    });
    expect(yields).toBe(9);
    expect(await blobText(blob)).toBe(JSON.stringify(model.toJSON()));
  });

  it('starts over when cells are inserted while it reads', async () => {
    const model = notebookModel(5);
    const tracker = new ChangeTracker(model.sharedModel);
    let yields = 0;
    const blob = await notebookBlob(model.sharedModel, {
      sliceMs: 0,
      structureVersion: () => tracker.structureVersion,
      yieldNow: async () => {
        if (yields++ === 1) {
          model.sharedModel.insertCell(0, {
            cell_type: 'raw',
            id: 'inserted',
            source: 'r'
          });
        }
      }
    });
    const text = await blobText(blob);
    expect(JSON.parse(text).cells.length).toBe(6);
    expect(text).toBe(JSON.stringify(model.toJSON()));
    tracker.dispose();
  });

  it('adds the metadata saving adds', () => {
    const model = notebookModel(1);
    model.sharedModel.setMetadata({});
    expect(savedMetadata(model.sharedModel)).toEqual(model.toJSON().metadata);
  });
});

describe('deltaText', () => {
  it('holds the order of every cell and the changed cells only', () => {
    const model = notebookModel(3);
    const delta = JSON.parse(
      deltaText(model.sharedModel, 'b1', new Set(['c1', 'gone']))
    );
    expect(delta).toEqual({
      base: 'b1',
      cells: ['c0', 'c1', 'c2'],
      changed: { c1: model.toJSON().cells[1] },
      metadata: model.toJSON().metadata,
      nbformat: 4,
      nbformat_minor: 5
    });
  });
});

describe('hasCellIds', () => {
  it('needs nbformat 4.5 and unique ids', () => {
    expect(hasCellIds(notebookModel(2).sharedModel)).toBe(true);
    expect(hasCellIds(notebookModel(2, 4).sharedModel)).toBe(false);
    const nb = notebookModel(2).sharedModel;
    const twice = {
      cells: [nb.cells[0], nb.cells[0]],
      nbformat: 4,
      nbformat_minor: 5,
      getMetadata: () => ({})
    };
    expect(hasCellIds(twice as any)).toBe(false);
  });
});
