import { JupyterFrontEnd } from '@jupyterlab/application';
import {
  MainAreaWidget,
  Notification,
  ToolbarButton
} from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { undoIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commandIds';
import { diffNotebooks, ICellDiff, ICellLike } from '../compare/cellDiff';
import { restoreCells } from '../compare/restoreCells';
import { checkpointsIcon, compareIcon, previewIcon } from '../icons';
import { PreviewView } from '../preview/PreviewView';
import { checkpointShortTitle, checkpointTabTitle } from '../preview/titles';
import { ICheckpoint, ICheckpoints, ICheckpointSelection } from '../tokens';
import { CompareView } from '../views/compare/CompareView';
import { DOCUMENT_VIEW_CLASS } from '../views/documentView';
import { checkpointTitle } from '../views/format';
import { reportError } from './dialogs';
import { showView } from './viewHost';
import {
  checkpointArgs,
  clickedItem,
  commandTarget,
  NO_ARGS,
  stringArg
} from './target';

export interface ICompareCommandsOptions {
  app: JupyterFrontEnd;
  service: ICheckpoints;
  docManager: IDocumentManager;
  rendermime: IRenderMimeRegistry;
  /** JupyterLab's language registry, to highlight code as the editor does. */
  languages?: IEditorLanguageRegistry | null;
  trans: TranslationBundle;
  /** The panel's document and selection; null when the panel is not there. */
  selection: ICheckpointSelection | null;
  /** Sections other plugins add to previews (ICheckpointPreviewSections). */
  sections?: PreviewSection[];
}

/** One section other plugins add to a preview: its node, or null for none. */
export type PreviewSection = (
  path: string,
  checkpoint: ICheckpoint
) => Promise<HTMLElement | null>;

/**
 * Preview a checkpoint read-only, compare it cell by cell with the document or another
 * checkpoint, and restore chosen cells. Menus are declared in schema/compare.json.
 */
export function addCompareCommands(options: ICompareCommandsOptions): void {
  const { app, service, docManager, rendermime, trans, selection } = options;
  const sections = options.sections ?? [];

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
    // Views of one file share its review tab (replaced unless pinned).
    return { widget, shown: showView(app, widget, trans, { document: path }) };
  };

  app.commands.addCommand(CommandIDs.preview, {
    label: trans.__('Preview'),
    icon: previewIcon,
    caption: trans.__('Open this checkpoint read-only in a tab'),
    describedBy: checkpointArgs(trans, {
      cell: {
        type: 'integer',
        description: trans.__(
          'Index of the cell (a text file: 0-based line) to open the preview at'
        )
      }
    }),
    execute: async args => {
      const t = commandTarget(app, selection, args);
      const revealAt = args.cell;
      if (!t) {
        return;
      }
      try {
        const [checkpoint, content] = await Promise.all([
          find(t.path, t.id),
          service.getContent(t.path, t.id)
        ]);
        const when = new Date(checkpoint.lastModified).toLocaleString();
        const preview = new PreviewView(
          content,
          rendermime,
          trans,
          options.languages ?? null
        );
        // Shown as each comes: the content does not wait for them, and one failing hides only itself.
        for (const render of sections) {
          render(t.path, checkpoint)
            .then(node => node && preview.addSection(node))
            .catch(reason => console.warn('A preview section failed:', reason));
        }
        const { widget, shown } = addView(
          preview,
          t.path,
          checkpointTabTitle(t.path, checkpoint, trans),
          trans.__('Checkpoint of %1 made %2 (read-only)', t.path, when)
        );
        const args = { path: t.path, id: t.id };
        // In a dialog, each of these runs once the dialog is closed (they may ask in a dialog of their own).
        const run = (id: string) => () => {
          shown.close();
          void app.commands.execute(id, args);
        };
        widget.toolbar.addItem(
          'restore',
          new ToolbarButton({
            icon: undoIcon,
            label: trans.__('Restore'),
            tooltip: trans.__(
              'Restore this checkpoint; the current state is kept first'
            ),
            onClick: run(CommandIDs.restore)
          })
        );
        widget.toolbar.addItem(
          'open-as-new',
          new ToolbarButton({
            label: trans.__('Open as New Notebook'),
            onClick: run(CommandIDs.openAsNew)
          })
        );
        widget.toolbar.addItem(
          'compare',
          new ToolbarButton({
            label: trans.__('Compare with Current'),
            onClick: run(CommandIDs.compare)
          })
        );
        if (typeof revealAt === 'number') {
          // Once laid out: scrolling a node that is not yet shown does nothing.
          requestAnimationFrame(() => preview.reveal(revealAt));
        }
        return widget.id;
      } catch (reason) {
        reportError(trans.__('Cannot preview the checkpoint'))(reason);
      }
    }
  });

  /** The clicked item and the selected one, when they differ: two checkpoints to compare. */
  const pair = (): { path: string; id: string; otherId: string } | null => {
    const clicked = clickedItem(app);
    const selected = selection?.selected;
    return clicked &&
      selected &&
      selected.id !== clicked.id &&
      selection?.path === clicked.path
      ? { path: clicked.path, id: clicked.id, otherId: selected.id }
      : null;
  };

  app.commands.addCommand(CommandIDs.compareSelected, {
    icon: compareIcon,
    label: trans.__('Compare with Selected Checkpoint'),
    caption: trans.__(
      'Cell-aware comparison of this checkpoint with the selected one'
    ),
    describedBy: NO_ARGS,
    isVisible: () => pair() !== null,
    execute: () => {
      const p = pair();
      return p ? app.commands.execute(CommandIDs.compare, p) : undefined;
    }
  });

  /**
   * The notebook view of `path`. `findWidget` asks the default factory's view only: a text notebook
   * (a Jupytext `.py`) opens in the editor by default, its notebook view is the 'Notebook' factory's.
   */
  const findNotebook = (path: string): NotebookPanel | null => {
    for (const factory of [undefined, 'Notebook']) {
      const widget = docManager.findWidget(path, factory);
      if (widget instanceof NotebookPanel) {
        return widget;
      }
    }
    return null;
  };

  /** The cells of the open document (unsaved edits count), else of the file on disk. */
  const currentCells = async (path: string): Promise<ICellLike[]> => {
    const widget = findNotebook(path);
    if (widget) {
      return widget.content.model?.sharedModel.toJSON().cells ?? [];
    }
    const model = await app.serviceManager.contents.get(path, {
      content: true,
      // A text notebook reads as a notebook when the contents manager (Jupytext's) knows it as one.
      ...(path.endsWith('.ipynb') ? {} : { type: 'notebook' })
    });
    return model.content?.cells ?? [];
  };

  /** Put the chosen cells of the checkpoint back into the open notebook (opened if need be). */
  const restoreChosen = async (
    path: string,
    diffs: ICellDiff[],
    chosen: ICellDiff[]
  ): Promise<void> => {
    let open: unknown = findNotebook(path);
    if (!open) {
      open = docManager.openOrReveal(
        path,
        path.endsWith('.ipynb') ? undefined : 'Notebook'
      );
    }
    if (!(open instanceof NotebookPanel)) {
      return;
    }
    await open.context.ready;
    const model = open.content.model;
    if (!model) {
      return;
    }
    const count = restoreCells(model.sharedModel, diffs, chosen);
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

  app.commands.addCommand(CommandIDs.compare, {
    icon: compareIcon,
    label: trans.__('Compare with Current'),
    caption: trans.__(
      'Cell-aware comparison of this checkpoint with the current document'
    ),
    describedBy: checkpointArgs(trans, {
      otherId: {
        type: 'string',
        description: trans.__(
          'Id of a second checkpoint of the same file to compare with, instead of the document'
        )
      }
    }),
    execute: async args => {
      const t = commandTarget(app, selection, args);
      if (!t) {
        return;
      }
      const otherId = stringArg(args, 'otherId');
      try {
        const base = await service.getContent(t.path, t.id);
        if (base.type !== 'notebook') {
          throw new Error(
            trans.__('Only notebooks can be compared cell by cell.')
          );
        }
        const baseCheckpoint = await find(t.path, t.id);
        let targetCells: ICellLike[];
        let targetTitle: string;
        let targetShort = trans.__('now');
        if (otherId) {
          const other = await service.getContent(t.path, otherId);
          targetCells = other.content?.cells ?? [];
          targetTitle = checkpointTitle(other.checkpoint, trans);
          targetShort = checkpointShortTitle(other.checkpoint, trans);
        } else {
          targetCells = await currentCells(t.path);
          targetTitle = trans.__('current %1', t.path.split('/').pop());
        }
        const baseCells: ICellLike[] = base.content.cells ?? [];
        let diffs = diffNotebooks(baseCells, targetCells);
        const view: CompareView = new CompareView({
          diffs,
          baseTitle: checkpointTitle(baseCheckpoint, trans),
          targetTitle,
          trans,
          onRestore: otherId
            ? undefined
            : async chosen => {
                await restoreChosen(t.path, diffs, chosen);
                // Compare again: what was restored no longer differs and cannot be applied twice.
                diffs = diffNotebooks(baseCells, await currentCells(t.path));
                view.setDiffs(diffs);
              }
        });
        const { widget } = addView(
          view,
          t.path,
          trans.__(
            '%1 ↔ %2',
            checkpointTabTitle(t.path, baseCheckpoint, trans),
            targetShort
          ),
          trans.__(
            '%1 → %2',
            checkpointTitle(baseCheckpoint, trans),
            targetTitle
          )
        );
        return widget.id;
      } catch (reason) {
        reportError(trans.__('Cannot compare'))(reason);
      }
    }
  });
}
