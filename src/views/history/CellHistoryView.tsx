import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { ISignal } from '@lumino/signaling';
import * as React from 'react';
import { ICellVersion } from '../../client/historyClient';
import { ICellLike, sourceOf } from '../../compare/cellDiff';
import { DiffLegend } from '../compare/DiffLegend';
import { SourceDiff } from '../compare/SourceDiff';
import { checkpointTitle } from '../format';
import { Outputs } from './Outputs';

/**
 * Every distinct version of one cell across the file's checkpoints, newest first: when it first
 * appeared, in which checkpoint, its source (or how it differs from the cell as it is now) and
 * outputs, and a button that puts that version back into the cell. A version is older than the cell
 * as it is now, so its lines are the older (red-ish) side and the current cell's the newer
 * (green-ish), as in Compare.
 */
export class CellHistoryView extends ReactWidget {
  constructor(private _options: CellHistoryView.IOptions) {
    super();
    this.addClass('jp-checkpoints-cellHistory');
    // The "current" marks and diffs follow the cell as it is edited (or restored).
    _options.currentChanged?.connect(() => this.update(), this);
  }

  protected render(): React.ReactElement {
    return <VersionList {...this._options} now={this._options.current()} />;
  }
}

export namespace CellHistoryView {
  export interface IOptions {
    /** "cell 3 of analysis.ipynb" */
    title: string;
    versions: ICellVersion[];
    /** The cell as it is now in the open notebook; null when it is not there (or not open). */
    current: () => ICellLike | null;
    currentChanged?: ISignal<unknown, unknown>;
    rendermime: IRenderMimeRegistry;
    trans: TranslationBundle;
    /** Put a version back into the cell; absent when there is no open cell to restore into. */
    onRestore?: (version: ICellVersion) => Promise<void>;
  }
}

/** When a version first appeared: the oldest checkpoint holding it (the newest if not told). */
export function firstAppeared(version: ICellVersion): string {
  return (version.first ?? version.checkpoint).lastModified;
}

/** Versions by when they first appeared, newest first (a version that came back stays where it began). */
export function byFirstAppearance(versions: ICellVersion[]): ICellVersion[] {
  const time = (v: ICellVersion) => Date.parse(firstAppeared(v)) || 0;
  return [...versions].sort((a, b) => time(b) - time(a));
}

/** Same type and source: the version shows no difference from the cell. */
const sameSource = (a: ICellLike | null, b: ICellLike) =>
  !!a && a.cell_type === b.cell_type && sourceOf(a) === sourceOf(b);

function VersionList(
  props: CellHistoryView.IOptions & { now: ICellLike | null }
): React.ReactElement {
  const { trans } = props;
  const versions = byFirstAppearance(props.versions);
  const current = props.now;
  const [showDiff, setShowDiff] = React.useState(true);
  const [busy, setBusy] = React.useState(false);
  return (
    <div className="jp-checkpoints-historyBody">
      <div className="jp-checkpoints-compareHeader">
        <h2 className="jp-checkpoints-historyTitle">{props.title}</h2>
        <span className="jp-checkpoints-meta">
          {trans._n('%1 version', '%1 versions', versions.length)}
        </span>
        <DiffLegend trans={trans} />
        {current && (
          <button
            className={`jp-checkpoints-chip${showDiff ? ' jp-mod-active' : ''}`}
            aria-pressed={showDiff}
            onClick={() => setShowDiff(!showDiff)}
          >
            {trans.__('Differences from the current cell')}
          </button>
        )}
      </div>
      {versions.length === 0 && (
        <p className="jp-checkpoints-empty">
          {trans.__('No checkpoint holds this cell yet.')}
        </p>
      )}
      <ol
        className="jp-checkpoints-versions"
        aria-label={trans.__('Versions of the cell, newest first')}
      >
        {versions.map((v, i) => {
          const title = checkpointTitle(v.first ?? v.checkpoint, trans);
          const first = firstAppeared(v);
          const when = new Date(first).toLocaleString();
          const isCurrent = sameSource(current, v.cell);
          return (
            <li
              key={`${v.checkpoint.id}-${i}`}
              className="jp-checkpoints-version"
              aria-label={trans.__('Version of %1, %2', when, title)}
            >
              <div className="jp-checkpoints-compareCellHeader">
                <time dateTime={first}>{when}</time>
                <span className="jp-checkpoints-label">{title}</span>
                {v.checkpoints.length > 1 && (
                  <span className="jp-checkpoints-meta">
                    {trans._n(
                      'in %1 checkpoint',
                      'in %1 checkpoints',
                      v.checkpoints.length
                    )}
                  </span>
                )}
                {isCurrent && (
                  <span className="jp-checkpoints-chip jp-mod-active">
                    {trans.__('Same source as now')}
                  </span>
                )}
                {props.onRestore && !isCurrent && (
                  <button
                    className="jp-mod-styled jp-mod-accept jp-checkpoints-restoreVersion"
                    disabled={busy}
                    onClick={() => {
                      setBusy(true);
                      props.onRestore!(v).finally(() => setBusy(false));
                    }}
                  >
                    {trans.__('Restore This Version')}
                  </button>
                )}
              </div>
              <pre className="jp-checkpoints-compareSource">
                {showDiff && current && !isCurrent ? (
                  <SourceDiff from={v.cell} to={current} />
                ) : (
                  sourceOf(v.cell)
                )}
              </pre>
              <Outputs cell={v.cell} rendermime={props.rendermime} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
