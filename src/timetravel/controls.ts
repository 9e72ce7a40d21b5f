import { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { RenderedCell } from '../preview/notebookRender';
import { CellChange, countChanges, IMarkedCell } from './positions';

/**
 * The time-travel view's small parts, without state: its header's controls (a native range input
 * is a real `slider`, with the keyboard built in), the one-line summary of a position, and the
 * marks of changed cells (a coloured edge and a text label, so colour is never the only cue).
 */

const MARK_CLASS: Record<Exclude<CellChange, 'unchanged'>, string> = {
  added: 'jp-checkpoints-mod-added',
  changed: 'jp-checkpoints-mod-changed',
  removed: 'jp-checkpoints-mod-removed'
};

/** "2 changed · 1 added since Mon, Dec 7, 11:04 · Save" */
export function summaryText(
  marks: IMarkedCell[],
  since: string | null,
  trans: TranslationBundle
): string {
  if (since === null) {
    return trans.__('The oldest checkpoint: nothing to compare with.');
  }
  const counts = countChanges(marks);
  const parts = [
    counts.changed ? trans.__('%1 changed', counts.changed) : '',
    counts.added ? trans.__('%1 added', counts.added) : '',
    counts.removed ? trans.__('%1 removed', counts.removed) : ''
  ].filter(Boolean);
  return parts.length
    ? trans.__('%1 since %2', parts.join(' · '), since)
    : trans.__('No cell changed since %1', since);
}

const BADGES = new WeakMap<Widget, HTMLElement>();

/** Colour (a class) and a text label on a cell; none for an unchanged one. */
export function setMark(
  cell: RenderedCell,
  change: CellChange,
  trans: TranslationBundle
): void {
  for (const name of Object.values(MARK_CLASS)) {
    cell.removeClass(name);
  }
  let badge = BADGES.get(cell);
  if (change === 'unchanged') {
    badge?.remove();
    return;
  }
  cell.addClass(MARK_CLASS[change]);
  if (!badge) {
    badge = el('span', 'jp-checkpoints-ttMark');
    BADGES.set(cell, badge);
  }
  badge.textContent = {
    added: trans.__('Added'),
    changed: trans.__('Changed'),
    removed: trans.__('Removed')
  }[change];
  cell.node.prepend(badge);
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export function slider(last: number, label: string): HTMLInputElement {
  const input = el('input', 'jp-checkpoints-ttSlider');
  input.type = 'range';
  input.min = '0';
  input.max = String(last);
  input.step = '1';
  input.setAttribute('aria-label', label);
  return input;
}

export function button(
  label: string,
  onClick: () => void,
  title?: string
): HTMLButtonElement {
  const node = el('button', 'jp-Button jp-mod-styled jp-mod-reject', label);
  if (title) {
    node.title = title;
  }
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}
