import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { ISignal } from '@lumino/signaling';
import * as React from 'react';
import { IDeletedCell } from '../../client/historyClient';
import { sourceOf } from '../../compare/cellDiff';
import { stillDeleted } from '../../history/insertBack';
import { checkpointTitle } from '../format';
import { Outputs } from './Outputs';

/**
 * Cells that the open notebook lost in this page (as they were when deleted) or that some checkpoint
 * holds and the notebook no longer does (the newest version of each),
 * with where each stood and a button that inserts it back there.
 */
export class DeletedCellsView extends ReactWidget {
  constructor(private _options: DeletedCellsView.IOptions) {
    super();
    this.addClass('jp-checkpoints-deletedCells');
    // A cell inserted back (or re-added by undo/redo) leaves or rejoins the list.
    _options.currentChanged?.connect(() => this.update(), this);
    _options.cellsChanged?.connect(() => this.update(), this);
  }

  protected render(): React.ReactElement {
    const o = this._options;
    return (
      <DeletedList {...o} cells={stillDeleted(o.cells(), o.currentIds())} />
    );
  }
}

export namespace DeletedCellsView {
  export interface IOptions {
    title: string;
    /** Deleted cells, newest first: those deleted in the open notebook, then the checkpoints' ones. */
    cells: () => IDeletedCell[];
    cellsChanged?: ISignal<unknown, unknown>;
    /** Ids of the cells the open notebook holds now. */
    currentIds: () => string[];
    currentChanged?: ISignal<unknown, unknown>;
    rendermime: IRenderMimeRegistry;
    trans: TranslationBundle;
    /** Absent when the notebook is not open: nothing to insert into. */
    onInsert?: (cell: IDeletedCell) => Promise<void>;
  }
}

function DeletedList(
  props: Omit<DeletedCellsView.IOptions, 'cells'> & { cells: IDeletedCell[] }
): React.ReactElement {
  const { trans, cells } = props;
  const [busy, setBusy] = React.useState(false);
  const typeLabel: Record<string, string> = {
    code: trans.__('Code cell'),
    markdown: trans.__('Markdown cell'),
    raw: trans.__('Raw cell')
  };
  return (
    <div className="jp-checkpoints-historyBody">
      <div className="jp-checkpoints-compareHeader">
        <h2 className="jp-checkpoints-historyTitle">{props.title}</h2>
        <span className="jp-checkpoints-meta" aria-live="polite">
          {trans._n('%1 deleted cell', '%1 deleted cells', cells.length)}
        </span>
      </div>
      {cells.length === 0 && (
        <p className="jp-checkpoints-empty">
          {trans.__(
            'Every cell of the checkpoints is in the notebook (or its cells carry no ids to follow).'
          )}
        </p>
      )}
      <ul
        className="jp-checkpoints-versions"
        aria-label={trans.__('Deleted cells, newest first')}
      >
        {cells.map(c => {
          // A cell deleted in the open notebook has no checkpoint: this page saw it go.
          const title = c.checkpoint
            ? checkpointTitle(c.checkpoint, trans)
            : trans.__('this notebook');
          const when = (
            c.deleted ?? new Date(c.checkpoint?.lastModified ?? 0)
          ).toLocaleString();
          const kind = typeLabel[c.cell.cell_type] ?? c.cell.cell_type;
          return (
            <li
              key={c.cell.id ?? `${c.checkpoint?.id}-${c.index}`}
              className="jp-checkpoints-version"
              aria-label={trans.__(
                '%1, cell %2 of %3',
                kind,
                c.index + 1,
                title
              )}
            >
              <div className="jp-checkpoints-compareCellHeader">
                <span className="jp-checkpoints-compareStatus">{kind}</span>
                <span className="jp-checkpoints-meta">
                  {c.deleted
                    ? trans.__(
                        'deleted from this notebook as cell %1 (%2)',
                        c.index + 1,
                        when
                      )
                    : trans.__(
                        'last seen as cell %1 of %2 (%3)',
                        c.index + 1,
                        title,
                        when
                      )}
                </span>
                {props.onInsert && (
                  <button
                    className="jp-mod-styled jp-mod-accept jp-checkpoints-insertBack"
                    disabled={busy}
                    title={trans.__(
                      'Insert it where it stood: after the cell that preceded it, else before the one that followed it, else at the end'
                    )}
                    onClick={() => {
                      setBusy(true);
                      props.onInsert!(c).finally(() => setBusy(false));
                    }}
                  >
                    {trans.__('Insert Back')}
                  </button>
                )}
              </div>
              <pre className="jp-checkpoints-compareSource">
                {sourceOf(c.cell)}
              </pre>
              <Outputs cell={c.cell} rendermime={props.rendermime} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
