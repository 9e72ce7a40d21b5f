import { TranslationBundle } from '@jupyterlab/translation';
import { ChangeSummary } from '../client/historyClient';

/** What a cell's tick in the strip says. */
export type TickKind = 'added' | 'removed' | 'edited' | 'outputs' | 'unchanged';

const TICKS: Record<string, TickKind> = {
  a: 'added',
  r: 'removed',
  e: 'edited',
  o: 'outputs',
  u: 'unchanged'
};

/**
 * "+1 cell · 2 edited · outputs changed": what an entry changed against the one before it, in
 * the order a reader asks (which cells came and went, which changed, then the rest).
 */
export function summaryText(
  summary: ChangeSummary | null | undefined,
  trans: TranslationBundle
): string {
  if (!summary) {
    return '';
  }
  const parts: string[] = [];
  if (summary.kind === 'text') {
    if (summary.first) {
      return trans._n('%1 line', '%1 lines', summary.addedLines);
    }
    if (summary.addedLines) {
      parts.push(trans._n('+%1 line', '+%1 lines', summary.addedLines));
    }
    if (summary.removedLines) {
      parts.push(trans._n('−%1 line', '−%1 lines', summary.removedLines));
    }
  } else {
    if (summary.first) {
      return trans._n('%1 cell', '%1 cells', summary.cells);
    }
    if (summary.added) {
      parts.push(trans._n('+%1 cell', '+%1 cells', summary.added));
    }
    if (summary.removed) {
      parts.push(trans._n('−%1 cell', '−%1 cells', summary.removed));
    }
    if (summary.edited) {
      parts.push(trans.__('%1 edited', summary.edited));
    }
    if (summary.moved) {
      parts.push(trans.__('%1 moved', summary.moved));
    }
    if (summary.outputs) {
      parts.push(trans.__('outputs changed'));
    }
    if (summary.metadata) {
      parts.push(trans.__('metadata changed'));
    }
  }
  return parts.length ? parts.join(' · ') : trans.__('no changes');
}

/** The strip's ticks, one per cell; characters the page does not know read as unchanged. */
export function stripTicks(strip: string): TickKind[] {
  return Array.from(strip, c => TICKS[c] ?? 'unchanged');
}

/** "2 added, 1 removed, 3 edited, 1 outputs only, 5 unchanged" for screen readers. */
export function stripLabel(
  ticks: TickKind[],
  trans: TranslationBundle
): string {
  const n = (kind: TickKind) => ticks.filter(t => t === kind).length;
  return trans.__(
    'Cells: %1 added, %2 removed, %3 edited, %4 outputs only, %5 unchanged',
    n('added'),
    n('removed'),
    n('edited'),
    n('outputs'),
    n('unchanged')
  );
}
