/**
 * What the page holds of an open document and nothing keeps yet, read in one synchronous step and
 * sent afterwards as a checkpoint, without writing the file: notebooks through the page's delta path
 * (`PageCheckpoints`), text files as the editor's text. Used before JupyterLab discards the page's
 * content (discardGuard.ts) and for edits left idle (idleCheckpoint.ts).
 */
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { isShared } from '../collaboration';
import { ICheckpoint, ICheckpoints, ICreateOptions } from '../tokens';
import { PageCheckpoints } from './pageCheckpoints';

/** The part of a document context read here. */
export type CapturedContext = Pick<
  DocumentRegistry.Context,
  'path' | 'model' | 'disposed' | 'isReady' | 'isDisposed'
>;

/** Sends what was captured, with the kind and label given then. */
export type SendCaptured = (
  options: Omit<ICreateOptions, 'from'>
) => Promise<ICheckpoint>;

/** The editable document kinds this module knows how to send. */
type DocumentType = 'notebook' | 'text' | null;

/**
 * Whether the page holds content of `context` that nothing keeps: edits neither saved (the file and
 * the save checkpoint hold a saved state) nor in the last checkpoint sent from this page (a run's
 * automatic checkpoint keeps the unsaved outputs and edits it saw). Notebook metadata alone does not
 * count: a kernel fills it in on connecting, which makes an untouched notebook dirty. False for
 * documents shared in real time: there the server keeps what a reload replaces (kind `replaced`).
 */
export function holdsUnkept(
  context: CapturedContext,
  page: PageCheckpoints
): boolean {
  if (!context.isReady || context.isDisposed || !context.model.dirty) {
    return false;
  }
  if (isShared(context as DocumentRegistry.Context)) {
    return false;
  }
  const type = documentType(context);
  if (type === 'notebook') {
    return page.hasCellChanges(context);
  }
  return type === 'text';
}

/**
 * Reads what the page holds of `context` now (nothing is awaited: call it before the content is
 * replaced or dropped), and returns what sends it; null for a document that cannot be sent from the
 * page (a notebook kept in another format, such as a Jupytext `.py`; an image).
 */
export function capture(
  context: CapturedContext,
  page: PageCheckpoints,
  service: ICheckpoints
): SendCaptured | null {
  const type = documentType(context);
  if (type === 'notebook') {
    return page.capture(context);
  }
  if (type !== 'text') {
    return null;
  }
  const path = context.path;
  // The server wraps it as {"content": <this>}: the text as a JSON string.
  const document = new Blob([JSON.stringify(context.model.toString())]);
  return options => service.create(path, { ...options, from: { document } });
}

/**
 * What `capture` sends, read without blocking the page when nothing is about to discard it: a
 * notebook's delta, or its whole JSON serialised in slices (`PageCheckpoints.create`).
 */
export function sendNow(
  context: CapturedContext,
  page: PageCheckpoints,
  service: ICheckpoints,
  options: Omit<ICreateOptions, 'from'>
): Promise<ICheckpoint> | null {
  if (documentType(context) === 'notebook' && page.applies(context)) {
    return page.create(context, options);
  }
  return capture(context, page, service)?.(options) ?? null;
}

/**
 * A notebook model kept as `.ipynb` (what the server composes), the text of a text document, or
 * neither. A notebook model under another name is a notebook in another format: its bytes are the
 * format's, which the page does not know.
 */
function documentType(context: CapturedContext): DocumentType {
  const model = context.model as unknown as {
    sharedModel?: { cells?: unknown; getSource?: unknown };
  };
  if (Array.isArray(model.sharedModel?.cells)) {
    return context.path.endsWith('.ipynb') ? 'notebook' : null;
  }
  return typeof model.sharedModel?.getSource === 'function' ? 'text' : null;
}
