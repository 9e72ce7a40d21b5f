import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { ICellDiff, sourceOf } from '../../compare/cellDiff';
import { DiffLegend } from './DiffLegend';
import { compareRendermime, OutputsDiff } from './OutputsDiff';
import { SourceDiff } from './SourceDiff';
import { TextDiff, textSummary } from './TextDiff';

/** Cells rendered before "Show more": keeps the first screen fast on notebooks with hundreds of cells. */
const PAGE = 60;

/**
 * Cell-aware comparison of a base (a checkpoint) with a target (the current document or another
 * checkpoint). Changed cells can be chosen and restored into the open notebook; changed outputs are
 * shown old and new side by side (`OutputsDiff`). A text file (`kind: 'text'`, one raw cell per
 * side) is shown in line words instead (`TextDiff`). Older is red-ish and newer green-ish, as the
 * header's legend says (`DiffLegend`).
 */
export class CompareView extends ReactWidget {
  constructor(private _options: CompareView.IOptions) {
    super();
    this.addClass('jp-checkpoints-compare');
  }

  /** Show a new comparison (after a restore of cells): choices start over. */
  setDiffs(diffs: ICellDiff[]): void {
    this._options = { ...this._options, diffs };
    this._version++;
    this.update();
  }

  protected render(): React.ReactElement {
    if (this._options.kind === 'text') {
      return <TextCompare {...this._options} />;
    }
    return <CompareList key={this._version} {...this._options} />;
  }

  private _version = 0;
}

export namespace CompareView {
  export interface IOptions {
    diffs: ICellDiff[];
    baseTitle: string;
    targetTitle: string;
    trans: TranslationBundle;
    /** A notebook (cells, the default) or a text file (one raw cell each side, read as lines). */
    kind?: 'notebook' | 'text';
    /** Renders changed outputs; the one set by `setCompareRendermime` when absent. */
    rendermime?: IRenderMimeRegistry;
    /**
     * Absent when the target is not the open document (nothing to restore into). The view's button
     * stays disabled until it settles; the caller then shows the new comparison (`setDiffs`).
     */
    onRestore?: (chosen: ICellDiff[]) => Promise<void>;
  }
}

/** The two titles and the colour legend, the first line of both kinds of comparison. */
function Titles(props: CompareView.IOptions): React.ReactElement {
  return (
    <div>
      <span className="jp-checkpoints-compareBase">{props.baseTitle}</span>
      {' → '}
      <span className="jp-checkpoints-compareTarget">
        {props.targetTitle}
      </span>{' '}
      <DiffLegend trans={props.trans} />
    </div>
  );
}

/** A text file: one raw cell on each side, compared line by line. */
function TextCompare(props: CompareView.IOptions): React.ReactElement {
  const { trans } = props;
  const older = props.diffs.find(d => d.base)?.base;
  const newer = props.diffs.find(d => d.target)?.target;
  const same = sourceOf(older) === sourceOf(newer);
  return (
    <div className="jp-checkpoints-compareBody">
      <div className="jp-checkpoints-compareHeader">
        <Titles {...props} />
        <div className="jp-checkpoints-meta" aria-live="polite">
          {textSummary(older, newer, trans)}
        </div>
      </div>
      {same ? (
        <p className="jp-checkpoints-empty">{trans.__('No differences.')}</p>
      ) : (
        <TextDiff older={older} newer={newer} trans={trans} />
      )}
    </div>
  );
}

function CompareList(props: CompareView.IOptions): React.ReactElement {
  const { trans } = props;
  const rendermime = compareRendermime(props.rendermime);
  const [hideOutputs, setHideOutputs] = React.useState(false);
  // Hiding outputs: a cell whose outputs (or execution count) alone changed reads as unchanged.
  const diffs = hideOutputs
    ? props.diffs.map(d =>
        d.status === 'modified' && !d.sourceChanged
          ? { ...d, status: 'unchanged' as const }
          : d
      )
    : props.diffs;
  const [chosen, setChosen] = React.useState<Set<ICellDiff>>(new Set());
  const [expanded, setExpanded] = React.useState<Set<number>>(new Set());
  const [limit, setLimit] = React.useState(PAGE);
  const [applying, setApplying] = React.useState(false);
  const changed = diffs.filter(d => d.status !== 'unchanged');
  const counts = (status: string) =>
    diffs.filter(d => d.status === status).length;

  // Runs of unchanged cells collapse into one expandable row.
  const rows: React.ReactElement[] = [];
  let shown = 0;
  for (let i = 0; i < diffs.length && shown < limit;) {
    if (diffs[i].status === 'unchanged' && !expanded.has(i)) {
      let j = i;
      while (j < diffs.length && diffs[j].status === 'unchanged') {
        j++;
      }
      const start = i;
      rows.push(
        <li key={`u${i}`} className="jp-checkpoints-compareCollapsed">
          <button
            className="jp-checkpoints-textButton"
            onClick={() =>
              setExpanded(
                new Set([
                  ...expanded,
                  ...Array.from({ length: j - start }, (_, k) => start + k)
                ])
              )
            }
          >
            {trans._n('%1 unchanged cell', '%1 unchanged cells', j - i)}
          </button>
        </li>
      );
      i = j;
      shown++;
      continue;
    }
    const d = diffs[i];
    rows.push(
      <CellRow
        key={i}
        diff={d}
        trans={trans}
        selectable={!!props.onRestore && !!d.base && d.status !== 'unchanged'}
        hideOutputs={hideOutputs}
        rendermime={rendermime}
        checked={chosen.has(d)}
        onToggle={() => {
          const next = new Set(chosen);
          next.has(d) ? next.delete(d) : next.add(d);
          setChosen(next);
        }}
      />
    );
    i++;
    shown++;
  }

  return (
    <div className="jp-checkpoints-compareBody">
      <div className="jp-checkpoints-compareHeader">
        <Titles {...props} />
        <div className="jp-checkpoints-meta" aria-live="polite">
          {trans.__(
            '%1 modified, %2 added, %3 removed, %4 moved, %5 unchanged',
            counts('modified'),
            counts('added'),
            counts('removed'),
            counts('moved'),
            counts('unchanged')
          )}
        </div>
        <button
          className={`jp-checkpoints-chip${hideOutputs ? ' jp-mod-active' : ''}`}
          aria-pressed={hideOutputs}
          title={trans.__(
            'Leave out changes to outputs and execution counts: only sources and cell types count'
          )}
          onClick={() => {
            setHideOutputs(!hideOutputs);
            // A cell chosen for its outputs alone could no longer be seen among the changes.
            setChosen(
              new Set(
                [...chosen].filter(
                  d => d.status !== 'modified' || d.sourceChanged
                )
              )
            );
          }}
        >
          {trans.__('Hide outputs')}
        </button>
        {props.onRestore && (
          <button
            className="jp-mod-styled jp-mod-accept jp-checkpoints-restoreCells"
            disabled={chosen.size === 0 || applying}
            aria-busy={applying}
            onClick={() => {
              // Once: a second click while the first applies would insert the same cells again.
              setApplying(true);
              props.onRestore!([...chosen]).finally(() => setApplying(false));
            }}
          >
            {trans.__('Restore selected cells (%1)', chosen.size)}
          </button>
        )}
      </div>
      {changed.length === 0 && (
        <p className="jp-checkpoints-empty">{trans.__('No differences.')}</p>
      )}
      <ul
        className="jp-checkpoints-compareList"
        aria-label={trans.__('Cell differences')}
      >
        {rows}
      </ul>
      {shown >= limit && (
        <button
          className="jp-checkpoints-textButton"
          onClick={() => setLimit(limit + PAGE)}
        >
          {trans.__('Show more')}
        </button>
      )}
    </div>
  );
}

function CellRow(props: {
  diff: ICellDiff;
  trans: TranslationBundle;
  selectable: boolean;
  hideOutputs: boolean;
  rendermime: IRenderMimeRegistry | null;
  checked: boolean;
  onToggle: () => void;
}): React.ReactElement {
  const { diff: d, trans } = props;
  const number =
    d.targetIndex !== undefined
      ? trans.__('cell %1', d.targetIndex + 1)
      : trans.__('cell %1 of the checkpoint', d.baseIndex! + 1);
  const statusLabel: Record<string, string> = {
    modified: trans.__('Modified'),
    added: trans.__('Added'),
    removed: trans.__('Removed'),
    moved: trans.__('Moved'),
    unchanged: trans.__('Unchanged')
  };
  return (
    <li
      className={`jp-checkpoints-compareCell jp-mod-${d.status}`}
      aria-label={`${statusLabel[d.status]} ${number}`}
    >
      <div className="jp-checkpoints-compareCellHeader">
        {props.selectable && (
          <input
            type="checkbox"
            checked={props.checked}
            onChange={props.onToggle}
            aria-label={trans.__('Restore %1 from the checkpoint', number)}
          />
        )}
        <span className="jp-checkpoints-compareStatus">
          {statusLabel[d.status]}
        </span>
        <span>{number}</span>
      </div>
      <pre className="jp-checkpoints-compareSource">
        {d.status === 'modified' || d.status === 'moved' ? (
          <SourceDiff from={d.base} to={d.target} />
        ) : (
          sourceOf(d.target ?? d.base)
        )}
      </pre>
      {!props.hideOutputs && (
        <OutputsDiff diff={d} rendermime={props.rendermime} trans={trans} />
      )}
    </li>
  );
}
