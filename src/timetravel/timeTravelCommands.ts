import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal } from '@lumino/signaling';
import { CommandIDs } from '../commandIds';
import { reportError } from '../commands/dialogs';
import { clickedItem, stringArg } from '../commands/target';
import { showView } from '../commands/viewHost';
import { ICellLike } from '../compare/cellDiff';
import { normalizePath, samePath } from '../paths';
import { notebookLanguage } from '../preview/notebookRender';
import { ICheckpoints, ICheckpointSelection } from '../tokens';
import { DOCUMENT_VIEW_CLASS } from '../views/documentView';
import { LruCache } from './cache';
import { timeTravelIcon } from './icon';
import { IPosition, NOW, positionsOf } from './positions';
import { ITimeTravelSource } from './markedHistory';
import { TimeTravelView } from './TimeTravelView';

/** The command's id (also in schema/time-travel.json). */
export const TIME_TRAVEL = 'checkpoints:time-travel';

/** Checkpoint contents kept in memory (a few 5 MB notebooks at most). */
const CONTENTS_KEPT = 8;

export interface ITimeTravelCommandOptions {
  app: JupyterFrontEnd;
  service: ICheckpoints;
  tracker: INotebookTracker | null;
  rendermime: IRenderMimeRegistry;
  languages: IEditorLanguageRegistry | null;
  selection: ICheckpointSelection | null;
  trans: TranslationBundle;
}

/**
 * `checkpoints:time-travel` `{ path?, cellId? }`: the notebook's history on a slider (see
 * TimeTravelView), in the file's review tab (a dialog in Notebook 7). Without a path: the
 * Checkpoints panel's document, else the current notebook. From a cell's context menu it opens at
 * the cell right-clicked. Its buttons run the existing commands (the safe restore, compare, open
 * as new), so they behave exactly as from the panel.
 */
export function addTimeTravelCommand(options: ITimeTravelCommandOptions): void {
  const { app, service, tracker, rendermime, languages, selection, trans } =
    options;

  const notebookOf = (path: string): NotebookPanel | null =>
    tracker?.find(w => samePath(w.context.path, path)) ?? null;

  /** The cell under the context menu, when the menu was opened on a notebook's cell. */
  const clickedCell = (): { path: string; cellId: string } | null => {
    const node = app.contextMenuHitTest(n => n.classList.contains('jp-Cell'));
    const panel = tracker?.currentWidget;
    const cell = panel?.content.widgets.find(w => w.node === node);
    return node && panel && cell
      ? { path: panel.context.path, cellId: cell.model.id }
      : null;
  };

  app.commands.addCommand(TIME_TRAVEL, {
    label: trans.__('Time Travel'),
    caption: trans.__(
      'Move through every checkpoint of this notebook on a slider, up to now'
    ),
    icon: timeTravelIcon,
    describedBy: {
      args: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: trans.__(
              "Path of the notebook; by default the Checkpoints panel's document"
            )
          },
          cellId: {
            type: 'string',
            description: trans.__('Id of a cell to keep in view while moving')
          },
          id: {
            type: 'string',
            description: trans.__(
              'Id of the checkpoint to open at; by default now'
            )
          }
        }
      }
    },
    isEnabled: args =>
      !!(
        stringArg(args, 'path') ??
        selection?.path ??
        tracker?.currentWidget?.context.path
      ),
    execute: async args => {
      const explicit = !!(args.path || args.cellId || args.id);
      const clicked = explicit ? null : clickedCell();
      const item = explicit ? null : clickedItem(app);
      const path =
        stringArg(args, 'path') ??
        clicked?.path ??
        item?.path ??
        selection?.path ??
        tracker?.currentWidget?.context.path;
      if (!path) {
        return;
      }
      const cellId = stringArg(args, 'cellId') ?? clicked?.cellId;
      const id = stringArg(args, 'id') ?? item?.id;
      try {
        return await open(normalizePath(path), cellId, id);
      } catch (reason) {
        reportError(trans.__('Cannot open time travel'))(reason);
      }
    }
  });

  const open = async (
    path: string,
    cellId?: string,
    id?: string
  ): Promise<string> => {
    if (!/\.ipynb$/i.test(path) && !notebookOf(path)) {
      throw new Error(trans.__('Time travel shows notebooks only.'));
    }
    const positions = positionsOf(await service.list(path));
    const source = new NotebookHistorySource(
      path,
      service,
      () => notebookOf(path),
      async () =>
        (await app.serviceManager.contents.get(path, { content: true })).content
    );
    let shown: ReturnType<typeof showView> | null = null;
    // In a dialog, each command runs once the dialog is closed (it may ask in a dialog of its own).
    const run = (command: string, args: Record<string, string>) => {
      shown?.close();
      void app.commands.execute(command, { path, ...args });
    };
    const view = new TimeTravelView({
      positions,
      source,
      render: { rendermime, languages },
      trans,
      cellId,
      start: id ? positions.findIndex(p => p.id === id) : undefined,
      actions: {
        restore: id => run(CommandIDs.restore, { id }),
        openAsNew: id => run(CommandIDs.openAsNew, { id }),
        compare: (id, otherId) =>
          run(CommandIDs.compare, otherId ? { id, otherId } : { id })
      }
    });
    const widget = new MainAreaWidget({ content: view });
    widget.addClass(DOCUMENT_VIEW_CLASS);
    widget.addClass('jp-checkpoints-timeTravelTab');
    widget.node.dataset.path = path;
    widget.title.label = trans.__(
      '%1 · Time Travel',
      path.split('/').pop() ?? path
    );
    widget.title.caption = trans.__('History of %1 (read-only)', path);
    widget.title.icon = timeTravelIcon;
    // A restore (or any new checkpoint) adds positions: the slider follows, staying where it was.
    const onChanged = (_: unknown, change: { path: string }) => {
      if (!change.path || samePath(change.path, path)) {
        void service
          .list(path)
          .then(list => view.setPositions(positionsOf(list)))
          .catch(() => undefined);
      }
    };
    service.changed.connect(onChanged);
    view.disposed.connect(() => {
      service.changed.disconnect(onChanged);
      source.dispose();
    });
    shown = showView(app, widget, trans, { document: path });
    requestAnimationFrame(() => view.slider.focus());
    return widget.id;
  };
}

/**
 * The cells of each position: a checkpoint's from the server, kept by id (its content never
 * changes); "now" from the open notebook (unsaved edits included), kept until it changes, or from
 * the file when the notebook is not open.
 */
export class NotebookHistorySource implements ITimeTravelSource {
  constructor(
    private _path: string,
    private _service: Pick<ICheckpoints, 'getContent'>,
    private _open: () => NotebookPanel | null,
    private _readFile?: () => Promise<any>
  ) {}

  cells(
    position: IPosition
  ): Promise<{ cells: ICellLike[]; language: string }> {
    if (position.id === NOW) {
      return this._now();
    }
    let found = this._contents.get(position.id);
    if (!found) {
      found = this._service
        .getContent(this._path, position.id)
        .then(content => ({
          cells: content.content?.cells ?? [],
          language: notebookLanguage(content.content)
        }));
      // A failed read is not kept: the next visit asks again.
      found.catch(() => this._contents.delete(position.id));
      this._contents.set(position.id, found);
    }
    return found;
  }

  dispose(): void {
    this._watched?.disconnect(this._forgetNow, this);
  }

  private _now(): Promise<{ cells: ICellLike[]; language: string }> {
    if (this._nowCells) {
      return this._nowCells;
    }
    const panel = this._open();
    const model = panel?.content.model;
    if (model) {
      if (this._watched !== model.contentChanged) {
        this._watched?.disconnect(this._forgetNow, this);
        this._watched = model.contentChanged;
        this._watched.connect(this._forgetNow, this);
      }
      const json = model.sharedModel.toJSON();
      this._nowCells = Promise.resolve({
        cells: json.cells as ICellLike[],
        language: notebookLanguage(json)
      });
    } else {
      this._nowCells = (this._readFile?.() ?? Promise.resolve(null)).then(
        nb => ({ cells: nb?.cells ?? [], language: notebookLanguage(nb) })
      );
    }
    return this._nowCells;
  }

  private _forgetNow(): void {
    this._nowCells = null;
  }

  private _contents = new LruCache<
    string,
    Promise<{ cells: ICellLike[]; language: string }>
  >(CONTENTS_KEPT);
  private _nowCells: Promise<{ cells: ICellLike[]; language: string }> | null =
    null;
  private _watched: ISignal<unknown, unknown> | null = null;
}
