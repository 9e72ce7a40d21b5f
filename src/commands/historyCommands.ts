import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import {
  HistoryClient,
  ICellHistory,
  IDeletedCell
} from '../client/historyClient';
import { CheckpointsError } from '../client/request';
import { CommandIDs } from '../commandIds';
import { ICellLike } from '../compare/cellDiff';
import { keepTrust } from '../compare/restoreCells';
import { DeletedInPage } from '../history/deletedInPage';
import { insertBackIndex } from '../history/insertBack';
import { ICheckpoints } from '../tokens';
import { checkpointsIcon } from '../icons';
import { normalizePath, samePath } from '../paths';
import { DOCUMENT_VIEW_CLASS } from '../views/documentView';
import { CellHistoryView } from '../views/history/CellHistoryView';
import { DeletedCellsView } from '../views/history/DeletedCellsView';
import { reportError } from './dialogs';
import { stringArg } from './target';
import { showView } from './viewHost';

export interface IHistoryCommandsOptions {
  app: JupyterFrontEnd;
  client: HistoryClient;
  /** Tells whether the server part (which keeps the history) is there; null: assume it is. */
  service: ICheckpoints | null;
  tracker: INotebookTracker;
  rendermime: IRenderMimeRegistry;
  trans: TranslationBundle;
}

/**
 * A cell's versions across the notebook's checkpoints, and the cells the notebook lost, each put
 * back with ONE undoable edit of the open notebook. Menus are declared in schema/history.json.
 */
export function addHistoryCommands(options: IHistoryCommandsOptions): void {
  const { app, client, service, tracker, rendermime, trans } = options;

  /** A stock server keeps one checkpoint and none of these routes: say so rather than "no history". */
  const requireServerPart = async (): Promise<void> => {
    const info = await service?.serverInfo.catch(() => undefined);
    if (info === null) {
      throw new Error(
        trans.__(
          'This server keeps one checkpoint per file; install jupyterlab_checkpoints on the server for a history of cells.'
        )
      );
    }
  };

  // Every open notebook remembers the cells deleted from it in this page (history/deletedInPage.ts).
  const deletedHere = new WeakMap<NotebookPanel, DeletedInPage>();
  const follow = (panel: NotebookPanel) =>
    void panel.context.ready.then(() => {
      const shared = panel.content.model?.sharedModel;
      if (shared && !panel.isDisposed && !deletedHere.has(panel)) {
        const deleted = new DeletedInPage(shared);
        deletedHere.set(panel, deleted);
        panel.disposed.connect(() => deleted.dispose());
      }
    });
  tracker.forEach(follow);
  tracker.widgetAdded.connect((_, panel) => follow(panel));

  /** The open notebook of `path`, else the current one when no path is given. */
  const notebookOf = (path: string | undefined): NotebookPanel | null =>
    path
      ? (tracker.find(w => samePath(w.context.path, path)) ?? null)
      : tracker.currentWidget;

  const show = (content: Widget, path: string, label: string) => {
    const widget = new MainAreaWidget({ content });
    widget.addClass(DOCUMENT_VIEW_CLASS);
    widget.node.dataset.path = normalizePath(path);
    // The tab names the notebook too: several notebooks' views can be open at once.
    widget.title.label = trans.__('%1: %2', label, path.split('/').pop());
    widget.title.caption = trans.__('%1: %2', label, path);
    widget.title.icon = checkpointsIcon;
    showView(app, widget, trans, { document: path });
    return widget;
  };

  /** The cell the context menu was opened on, and its notebook. */
  const clickedCell = (): { panel: NotebookPanel; cellId: string } | null => {
    const node = app.contextMenuHitTest(n => n.classList.contains('jp-Cell'));
    const panel = node ? tracker.find(p => p.node.contains(node)) : undefined;
    const cell = panel?.content.widgets.find(w => w.node === node);
    return panel && cell ? { panel, cellId: cell.model.id } : null;
  };

  /** Run `edit` as one transaction of the notebook's shared model: one step of its undo. */
  const editNotebook = (panel: NotebookPanel, edit: () => number): void => {
    if (panel.isDisposed || !panel.content.model) {
      throw new Error(trans.__('The notebook was closed.'));
    }
    const shared = panel.content.model.sharedModel;
    let index = -1;
    // Its own step of the undo history: never merged with an edit made just before or after it
    // (the shared model's undo merges edits less than half a second apart). The interface does
    // not declare the undo manager every shared notebook (YNotebook) has.
    const undo = (shared as { undoManager?: { stopCapturing(): void } })
      .undoManager;
    undo?.stopCapturing();
    shared.transact(() => {
      index = edit();
    });
    undo?.stopCapturing();
    panel.content.activeCellIndex = index;
    app.shell.activateById(panel.id);
  };

  /** `action`, its failure shown to the user (a view's button has no other way to say it). */
  const reported =
    <T>(title: string, action: (value: T) => Promise<void>) =>
    (value: T): Promise<void> =>
      action(value).catch(reportError(title));

  const pathArg = {
    type: 'string',
    description: trans.__('Path of the notebook; by default the current one')
  };

  app.commands.addCommand(CommandIDs.cellHistory, {
    label: trans.__('Show Cell History'),
    caption: trans.__(
      "Every version of this cell across the notebook's checkpoints"
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          path: pathArg,
          cellId: {
            type: 'string',
            description: trans.__(
              'Id of the cell; by default the active cell of the notebook'
            )
          },
          clicked: {
            type: 'boolean',
            description: trans.__(
              'Whether to show the cell under the context menu (its menu item passes true)'
            )
          }
        }
      }
    },
    isEnabled: args => !!(stringArg(args, 'path') || tracker.currentWidget),
    execute: async args => {
      // From a cell's context menu: the cell right-clicked, which need not be the active one.
      const clicked = args.clicked === true ? clickedCell() : null;
      const panel = clicked?.panel ?? notebookOf(stringArg(args, 'path'));
      const path = stringArg(args, 'path') ?? panel?.context.path;
      if (!path) {
        return;
      }
      const cells = () => panel?.content.model?.sharedModel.cells ?? [];
      const cellId =
        stringArg(args, 'cellId') ??
        clicked?.cellId ??
        panel?.content.activeCell?.model.id;
      if (!cellId) {
        return;
      }
      const index = cells().findIndex(c => c.id === cellId);
      try {
        await requireServerPart();
        // A notebook saved without cell ids (nbformat < 4.5) is followed by position instead.
        const byId = (panel?.content.model?.nbformatMinor ?? 5) >= 5;
        let history: ICellHistory = { cell: null, versions: [] };
        try {
          history = await client.cellHistory(
            path,
            byId || index < 0 ? { id: cellId } : { index }
          );
        } catch (reason) {
          // A cell no checkpoint holds yet: the view says so.
          if (!(reason instanceof CheckpointsError) || reason.status !== 404) {
            throw reason;
          }
        }
        const current = (): ICellLike | null =>
          (cells()
            .find(c => c.id === cellId)
            ?.toJSON() as ICellLike | undefined) ?? null;
        const view = new CellHistoryView({
          // A cell named by id in a notebook that is not open has no position to show.
          title:
            index >= 0
              ? trans.__(
                  'History of cell %1 of %2',
                  index + 1,
                  path.split('/').pop()
                )
              : trans.__(
                  'History of cell %1 of %2',
                  cellId,
                  path.split('/').pop()
                ),
          versions: history.versions,
          current,
          currentChanged: panel?.content.model?.sharedModel.changed,
          rendermime,
          trans,
          onRestore: panel
            ? reported(trans.__('Cannot restore the cell'), async version => {
                const at = cells().findIndex(c => c.id === cellId);
                if (at < 0) {
                  throw new Error(
                    trans.__('The cell is no longer in the notebook.')
                  );
                }
                // The cell keeps its id: its history, and other views of it, still follow it.
                editNotebook(panel, () => {
                  const shared = panel.content.model!.sharedModel;
                  shared.deleteCell(at);
                  shared.insertCell(
                    at,
                    keepTrust(shared, { ...version.cell, id: cellId }) as any
                  );
                  return at;
                });
                Notification.success(
                  trans.__(
                    'Restored the cell from %1 (undo: Ctrl+Z)',
                    new Date(version.checkpoint.lastModified).toLocaleString()
                  ),
                  { autoClose: 5000 }
                );
              })
            : undefined
        });
        return show(view, path, trans.__('Cell History')).id;
      } catch (reason) {
        reportError(trans.__('Cannot show the history of the cell'))(reason);
      }
    }
  });

  app.commands.addCommand(CommandIDs.deletedCells, {
    label: trans.__('Show Deleted Cells'),
    caption: trans.__(
      "Cells of the notebook's checkpoints that the notebook no longer holds"
    ),
    describedBy: {
      args: { type: 'object', properties: { path: pathArg } }
    },
    isEnabled: args => !!(stringArg(args, 'path') || tracker.currentWidget),
    execute: async args => {
      const panel = notebookOf(stringArg(args, 'path'));
      const path = stringArg(args, 'path') ?? panel?.context.path;
      if (!path) {
        return;
      }
      const ids = () =>
        (panel?.content.model?.sharedModel.cells ?? []).map(c => c.id);
      try {
        await requireServerPart();
        const saved = await client.deletedCells(path);
        const here = panel ? deletedHere.get(panel) : undefined;
        // Deleted in the page first, as they were then: newer than any checkpoint's version.
        const cells = (): IDeletedCell[] => {
          const page: IDeletedCell[] = (here?.cells ?? []).map(d => ({
            ...d,
            checkpoint: null
          }));
          const ids = new Set(page.map(d => d.cell.id));
          return [...page, ...saved.filter(d => !ids.has(d.cell.id))];
        };
        const view = new DeletedCellsView({
          title: trans.__('Deleted cells of %1', path.split('/').pop()),
          cells,
          cellsChanged: here?.changed,
          currentIds: ids,
          currentChanged: panel?.content.model?.sharedModel.changed,
          rendermime,
          trans,
          onInsert: panel
            ? reported(
                trans.__('Cannot insert the cell back'),
                async (deletedCell: IDeletedCell) => {
                  const at = insertBackIndex(
                    ids(),
                    deletedCell.after,
                    deletedCell.before
                  );
                  editNotebook(panel, () => {
                    const shared = panel.content.model!.sharedModel;
                    shared.insertCell(
                      at,
                      keepTrust(shared, { ...deletedCell.cell }) as any
                    );
                    return at;
                  });
                  Notification.success(
                    trans.__(
                      'Inserted the cell back as cell %1 (undo: Ctrl+Z)',
                      at + 1
                    ),
                    { autoClose: 5000 }
                  );
                }
              )
            : undefined
        });
        return show(view, path, trans.__('Deleted Cells')).id;
      } catch (reason) {
        reportError(trans.__('Cannot list the deleted cells'))(reason);
      }
    }
  });
}
