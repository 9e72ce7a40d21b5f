import { NotebookModel } from '@jupyterlab/notebook';

/** A real notebook model of `n` code cells with ids c0, c1... */
export function notebookModel(n = 3, minor = 5): NotebookModel {
  const model = new NotebookModel();
  // @jupyter/ydoc reads each new cell once before adding it to the document, and Yjs warns about
  // that read; the warnings say nothing about the code under test.
  const warn = console.warn;
  console.warn = (...args: unknown[]) =>
    String(args[0]).startsWith('Invalid access') ? undefined : warn(...args);
  model.fromJSON({
    cells: Array.from({ length: n }, (_, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source: `x${i} = ${i}`
    })),
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3' },
      language_info: { name: 'python' }
    },
    nbformat: 4,
    nbformat_minor: minor
  });
  console.warn = warn;
  return model;
}
