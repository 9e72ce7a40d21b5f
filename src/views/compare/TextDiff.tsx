import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { ICellLike, lineDiff } from '../../compare/cellDiff';

/**
 * A text file's comparison in line words: the changed lines in hunks ("lines 3–7") with a few lines
 * of context, the unchanged stretches between them folded. A text file has no cells, outputs or
 * moves, so none of those words appear.
 */

/** Unchanged lines kept around each change. */
const CONTEXT = 3;

export interface ITextLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
  /** 1-based line number in the older text (absent for an added line). */
  older?: number;
  /** 1-based line number in the newer text (absent for a removed line). */
  newer?: number;
}

export interface ITextHunk {
  lines: ITextLine[];
}

/** Every line of both texts, in diff order, numbered on each side. */
export function textLines(
  older: ICellLike | undefined,
  newer: ICellLike | undefined
): ITextLine[] {
  const parts = lineDiff({
    status: 'modified',
    base: older,
    target: newer,
    sourceChanged: true,
    outputs: { changed: false, added: 0, removed: 0, imagesChanged: 0 }
  });
  const lines: ITextLine[] = [];
  let o = 1;
  let n = 1;
  for (const part of parts) {
    const texts = part.value.replace(/\n$/, '').split('\n');
    for (const text of texts) {
      if (part.added) {
        lines.push({ kind: 'added', text, newer: n++ });
      } else if (part.removed) {
        lines.push({ kind: 'removed', text, older: o++ });
      } else {
        lines.push({ kind: 'same', text, older: o++, newer: n++ });
      }
    }
  }
  return lines;
}

/** The changed lines with their context; far-apart changes make separate hunks. */
export function textHunks(lines: ITextLine[]): ITextHunk[] {
  const keep = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.kind !== 'same') {
      for (
        let k = Math.max(0, i - CONTEXT);
        k <= Math.min(lines.length - 1, i + CONTEXT);
        k++
      ) {
        keep[k] = true;
      }
    }
  });
  const hunks: ITextHunk[] = [];
  let current: ITextLine[] | null = null;
  lines.forEach((line, i) => {
    if (keep[i]) {
      current = current ?? [];
      current.push(line);
    } else if (current) {
      hunks.push({ lines: current });
      current = null;
    }
  });
  if (current) {
    hunks.push({ lines: current });
  }
  return hunks;
}

/** "lines 3–7" in the newer text; in the older one when the hunk has no newer line. */
export function hunkLabel(hunk: ITextHunk, trans: TranslationBundle): string {
  const newer = hunk.lines.filter(l => l.newer).map(l => l.newer!);
  const numbers = newer.length ? newer : hunk.lines.map(l => l.older!);
  const first = numbers[0];
  const last = numbers[numbers.length - 1];
  const range =
    first === last
      ? trans.__('line %1', first)
      : trans.__('lines %1–%2', first, last);
  return newer.length ? range : trans.__('%1 of the checkpoint', range);
}

/** The hunks of a text file's comparison, with a line-count summary for the header. */
export function TextDiff(props: {
  older: ICellLike | undefined;
  newer: ICellLike | undefined;
  trans: TranslationBundle;
}): React.ReactElement {
  const { trans } = props;
  const lines = textLines(props.older, props.newer);
  const hunks = textHunks(lines);
  return (
    <ul
      className="jp-checkpoints-compareList"
      aria-label={trans.__('Line differences')}
    >
      {hunks.map((hunk, k) => {
        const label = hunkLabel(hunk, trans);
        return (
          <li
            key={k}
            className="jp-checkpoints-compareCell jp-mod-modified"
            aria-label={label}
          >
            <div className="jp-checkpoints-compareCellHeader">
              <span className="jp-checkpoints-compareStatus">{label}</span>
            </div>
            <pre className="jp-checkpoints-compareSource">
              {hunk.lines.map((line, i) => (
                <span
                  key={i}
                  className={
                    line.kind === 'added'
                      ? 'jp-mod-added'
                      : line.kind === 'removed'
                        ? 'jp-mod-removed'
                        : undefined
                  }
                >
                  {line.text + '\n'}
                </span>
              ))}
            </pre>
          </li>
        );
      })}
    </ul>
  );
}

/** "2 lines added, 1 line removed" */
export function textSummary(
  older: ICellLike | undefined,
  newer: ICellLike | undefined,
  trans: TranslationBundle
): string {
  const lines = textLines(older, newer);
  const added = lines.filter(l => l.kind === 'added').length;
  const removed = lines.filter(l => l.kind === 'removed').length;
  return trans.__(
    '%1, %2',
    trans._n('%1 line added', '%1 lines added', added),
    trans._n('%1 line removed', '%1 lines removed', removed)
  );
}
