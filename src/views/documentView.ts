/** Class of main-area views that belong to a document (preview, comparison): the panel keeps following it. */
export const DOCUMENT_VIEW_CLASS = 'jp-checkpoints-documentView';
