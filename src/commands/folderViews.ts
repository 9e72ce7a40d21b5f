import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { FoldersClient, IFolderCheckpoint } from '../client/foldersClient';
import { checkpointsIcon } from '../icons';
import { IFolderTarget } from './folderTarget';
import { showView } from './viewHost';

/** The folder checkpoint a command names, or an error saying it is gone (deleted meanwhile). */
export async function findFolderCheckpoint(
  client: FoldersClient,
  t: IFolderTarget,
  trans: TranslationBundle
): Promise<IFolderCheckpoint> {
  const found = (await client.list(t.path)).find(c => c.id === t.id);
  if (!found) {
    throw new Error(trans.__('This folder checkpoint no longer exists.'));
  }
  return found;
}

/** Show `content` as a folder checkpoint view: a main-area tab, or a dialog in Notebook 7. */
export function addFolderView(
  app: JupyterFrontEnd,
  trans: TranslationBundle,
  content: Widget,
  label: string,
  caption: string
): { widget: MainAreaWidget; shown: ReturnType<typeof showView> } {
  const widget = new MainAreaWidget({ content });
  widget.addClass('jp-checkpoints-folderView');
  widget.title.label = label;
  widget.title.caption = caption;
  widget.title.icon = checkpointsIcon;
  return { widget, shown: showView(app, widget, trans) };
}
