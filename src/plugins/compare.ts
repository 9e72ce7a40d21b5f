import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  MainAreaWidget,
  Notification,
  showErrorMessage,
  ToolbarButton
} from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { undoIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { diffNotebooks, ICellLike } from '../compare/cellDiff';
import { restoreCells } from '../compare/restoreCells';
import { ItemCommandIDs } from '../commands/itemCommandIds';
import { CommandIDs } from '../commandIds';
import { checkpointsIcon } from '../icons';
import { PreviewView } from '../preview/PreviewView';
import { ICheckpoint, ICheckpoints } from '../tokens';
import { CompareView } from '../views/compare/CompareView';
import { DOCUMENT_VIEW_CLASS } from '../views/documentView';
import { checkpointTitle } from '../views/format';

/**
 * Preview a checkpoint read-only, compare it cell by cell, and restore chosen cells.
 */
const compare: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-checkpoints:compare',
  description:
    'Preview and cell-aware compare of checkpoints; restore of chosen cells.',
  autoStart: true,
  requires: [ICheckpoints, IDocumentManager, IRenderMimeRegistry],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    docManager: IDocumentManager,
    rendermime: IRenderMimeRegistry,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');

    /** The checkpoint a command acts on: its args, or the panel item under the context menu / selected. */
    const target = (
      args: any
    ): { path: string; id: string; otherId?: string } | null => {
      if (typeof args.path === 'string' && typeof args.id === 'string') {
        return {
          path: args.path,
          id: args.id,
          otherId: typeof args.otherId === 'string' ? args.otherId : undefined
        };
      }
      const node =
        app.contextMenuHitTest(n => !!n.dataset.checkpointId) ??
        document.querySelector<HTMLElement>(
          '.jp-checkpoints-item.jp-mod-selected'
        );
      const { checkpointId: id, path } = node?.dataset ?? {};
      return id && path ? { path, id } : null;
    };

    const find = async (path: string, id: string): Promise<ICheckpoint> => {
      const found = (await service.list(path)).find(c => c.id === id);
      if (!found) {
        throw new Error(
          trans.__('Checkpoint %1 of %2 no longer exists.', id, path)
        );
      }
      return found;
    };

    const addView = (
      content: Widget,
      path: string,
      label: string,
      caption: string
    ) => {
      const widget = new MainAreaWidget({ content });
      widget.addClass(DOCUMENT_VIEW_CLASS);
      widget.node.dataset.path = path;
      widget.title.label = label;
      widget.title.caption = caption;
      widget.title.icon = checkpointsIcon;
      app.shell.add(widget, 'main', { mode: 'split-right' });
      return widget;
    };

    app.commands.addCommand(CommandIDs.preview, {
      label: trans.__('Preview'),
      caption: trans.__('Open this checkpoint read-only in a tab'),
      execute: async args => {
        const t = target(args);
        if (!t) {
          return;
        }
        try {
          const [checkpoint, content] = await Promise.all([
            find(t.path, t.id),
            service.getContent(t.path, t.id)
          ]);
          const title = checkpointTitle(checkpoint, trans);
          const when = new Date(checkpoint.lastModified).toLocaleString();
          const name = t.path.split('/').pop();
          const widget = addView(
            new PreviewView(content, rendermime, trans),
            t.path,
            trans.__('%1 @ %2', name, title),
            trans.__('Checkpoint of %1 made %2 (read-only)', t.path, when)
          );
          const args = { path: t.path, id: t.id };
          widget.toolbar.addItem(
            'restore',
            new ToolbarButton({
              icon: undoIcon,
              label: trans.__('Restore'),
              tooltip: trans.__(
                'Restore this checkpoint; the current state is kept first'
              ),
              onClick: () =>
                void app.commands.execute(ItemCommandIDs.restore, args)
            })
          );
          widget.toolbar.addItem(
            'open-as-new',
            new ToolbarButton({
              label: trans.__('Open as New Notebook'),
              onClick: () =>
                void app.commands.execute(ItemCommandIDs.openAsNew, args)
            })
          );
          widget.toolbar.addItem(
            'compare',
            new ToolbarButton({
              label: trans.__('Compare with Current'),
              onClick: () => void app.commands.execute(CommandIDs.compare, args)
            })
          );
          return widget.id;
        } catch (reason) {
          void showErrorMessage(
            trans.__('Cannot preview the checkpoint'),
            (reason as Error).message ?? String(reason)
          );
        }
      }
    });

    /** The clicked item and the selected one, when they differ: two checkpoints to compare. */
    const pair = (): { path: string; id: string; otherId: string } | null => {
      const clicked = app.contextMenuHitTest(n => !!n.dataset.checkpointId);
      const selected = document.querySelector<HTMLElement>(
        '.jp-checkpoints-item.jp-mod-selected'
      );
      const a = clicked?.dataset;
      const b = selected?.dataset;
      return a?.checkpointId &&
        b?.checkpointId &&
        a.checkpointId !== b.checkpointId &&
        a.path
        ? { path: a.path, id: a.checkpointId, otherId: b.checkpointId }
        : null;
    };

    app.commands.addCommand(CommandIDs.compareSelected, {
      label: trans.__('Compare with Selected Checkpoint'),
      caption: trans.__(
        'Cell-aware comparison of this checkpoint with the selected one'
      ),
      isVisible: () => pair() !== null,
      execute: () => {
        const p = pair();
        return p ? app.commands.execute(CommandIDs.compare, p) : undefined;
      }
    });

    app.commands.addCommand(CommandIDs.compare, {
      label: trans.__('Compare with Current'),
      caption: trans.__(
        'Cell-aware comparison of this checkpoint with the current document'
      ),
      execute: async args => {
        const t = target(args);
        if (!t) {
          return;
        }
        try {
          const base = await service.getContent(t.path, t.id);
          const baseCheckpoint = await find(t.path, t.id);
          let targetCells: ICellLike[];
          let targetTitle: string;
          let panel: NotebookPanel | null = null;
          if (t.otherId) {
            const other = await service.getContent(t.path, t.otherId);
            targetCells = other.content?.cells ?? [];
            targetTitle = checkpointTitle(other.checkpoint, trans);
          } else {
            // The open document's in-memory model, so unsaved edits count.
            const widget = docManager.findWidget(t.path);
            panel = widget instanceof NotebookPanel ? widget : null;
            targetCells = panel
              ? (panel.context.model.toJSON() as any).cells
              : ((
                  await app.serviceManager.contents.get(t.path, {
                    content: true
                  })
                ).content?.cells ?? []);
            targetTitle = trans.__('current %1', t.path.split('/').pop());
          }
          if (base.type !== 'notebook') {
            throw new Error(
              trans.__('Only notebooks can be compared cell by cell.')
            );
          }
          const diffs = diffNotebooks(base.content.cells ?? [], targetCells);
          const onRestore = t.otherId
            ? undefined
            : async (chosen: typeof diffs) => {
                let open = docManager.findWidget(t.path);
                if (!(open instanceof NotebookPanel)) {
                  open = docManager.openOrReveal(t.path);
                }
                if (!(open instanceof NotebookPanel)) {
                  return;
                }
                await open.context.ready;
                const count = restoreCells(
                  open.content.model!.sharedModel,
                  diffs,
                  chosen
                );
                app.shell.activateById(open.id);
                Notification.success(
                  trans._n(
                    'Restored %1 cell from the checkpoint (undo: Ctrl+Z)',
                    'Restored %1 cells from the checkpoint (undo: Ctrl+Z)',
                    count
                  ),
                  { autoClose: 5000 }
                );
              };
          const view = new CompareView({
            diffs,
            baseTitle: checkpointTitle(baseCheckpoint, trans),
            targetTitle,
            trans,
            onRestore
          });
          const widget = addView(
            view,
            t.path,
            trans.__('Compare %1', t.path.split('/').pop()),
            trans.__(
              '%1 → %2',
              checkpointTitle(baseCheckpoint, trans),
              targetTitle
            )
          );
          return widget.id;
        } catch (reason) {
          void showErrorMessage(
            trans.__('Cannot compare'),
            (reason as Error).message ?? String(reason)
          );
        }
      }
    });
  }
};

export const comparePlugins: JupyterFrontEndPlugin<any>[] = [compare];
