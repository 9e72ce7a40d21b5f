import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import {
  addCompareCommands,
  PreviewSection
} from '../commands/compareCommands';
import {
  ICheckpointPreviewSections,
  ICheckpoints,
  ICheckpointSelection
} from '../tokens';
import { setCompareRendermime } from '../views/compare/OutputsDiff';

/**
 * Preview a checkpoint read-only, compare it cell by cell, and restore chosen cells.
 */
const compare: JupyterFrontEndPlugin<ICheckpointPreviewSections> = {
  id: 'jupyterlab-checkpoints:compare',
  description:
    'Preview and cell-aware compare of checkpoints; restore of chosen cells.',
  autoStart: true,
  requires: [ICheckpoints, IDocumentManager, IRenderMimeRegistry],
  optional: [ITranslator, ICheckpointSelection, IEditorLanguageRegistry],
  provides: ICheckpointPreviewSections,
  activate: (
    app: JupyterFrontEnd,
    service: ICheckpoints,
    docManager: IDocumentManager,
    rendermime: IRenderMimeRegistry,
    translator: ITranslator | null,
    selection: ICheckpointSelection | null,
    languages: IEditorLanguageRegistry | null
  ): ICheckpointPreviewSections => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_checkpoints');
    const sections: PreviewSection[] = [];
    // Every comparison renders changed outputs with the application's registry.
    setCompareRendermime(rendermime);
    addCompareCommands({
      app,
      service,
      docManager,
      rendermime,
      languages,
      trans,
      selection,
      sections
    });
    return { add: render => void sections.push(render) };
  }
};

export const comparePlugins: JupyterFrontEndPlugin<unknown>[] = [compare];
