import { TranslationBundle } from '@jupyterlab/translation';
import { Panel, Widget } from '@lumino/widgets';
import { ICellLike } from '../compare/cellDiff';
import {
  INotebookRenderOptions,
  RenderedCell
} from '../preview/notebookRender';
import { cellDigest, LruCache } from './cache';
import {
  CellChange,
  countChanges,
  describePosition,
  IMarkedCell,
  IPosition,
  markChanges,
  NOW
} from './positions';

/**
 * Time travel: a slider over every checkpoint of a notebook, oldest to newest, then now. The
 * notebook is shown read-only as it was at the slider's position (the shared renderer), each cell
 * changed since the previous position marked by colour and a text label. A second handle
 * ("Compare two") marks the changes between any two positions instead.
 *
 * Speed: contents come from the source (which caches them by checkpoint id) and a rendered cell is
 * kept by its content digest, so a step re-renders only the cells that step changed. The slider is
 * a native range input: a real `slider` role, ←/→ step, Home/End jump, with an `aria-valuetext`.
 */

/** Where the view's cells come from. */
export interface ITimeTravelSource {
  /** The cells of a position, and the notebook's code language. */
  cells(position: IPosition): Promise<{ cells: ICellLike[]; language: string }>;
}

/** What the view's buttons do, at the position(s) chosen. */
export interface ITimeTravelActions {
  restore(id: string): void;
  /** Compare checkpoint `id` with `otherId` (a checkpoint) or, when null, with the document. */
  compare(id: string, otherId: string | null): void;
  openAsNew(id: string): void;
}

const MARK_CLASS: Record<Exclude<CellChange, 'unchanged'>, string> = {
  added: 'jp-checkpoints-mod-added',
  changed: 'jp-checkpoints-mod-changed',
  removed: 'jp-checkpoints-mod-removed'
};

/** Rendered cells kept beyond those on screen. */
const RENDER_CACHE = 600;

export class TimeTravelView extends Panel {
  constructor(
    private _options: {
      positions: IPosition[];
      source: ITimeTravelSource;
      actions: ITimeTravelActions;
      render: INotebookRenderOptions;
      trans: TranslationBundle;
      /** The position shown first (default: now). */
      start?: number;
      /** A cell id to keep in view while moving (the cell the view was opened at). */
      cellId?: string;
    }
  ) {
    super();
    const { trans, positions } = _options;
    this.addClass('jp-checkpoints-timeTravel');
    this._cellId = _options.cellId ?? null;
    const header = new Widget();
    header.addClass('jp-checkpoints-ttHeader');
    const h = header.node;

    this._when = el('div', 'jp-checkpoints-ttWhen');
    this._when.setAttribute('aria-live', 'polite');
    this._summary = el('div', 'jp-checkpoints-ttSummary');
    h.append(this._when, this._summary);

    const last = positions.length - 1;
    this._slider = slider(last, trans.__('Position in the history'));
    this._second = slider(last, trans.__('Compared with'));
    this._secondRow = el('label', 'jp-checkpoints-ttSecond');
    this._secondRow.append(
      el('span', '', trans.__('Compared with')),
      this._second
    );
    this._secondRow.hidden = true;
    h.append(this._slider, this._secondRow);

    const buttons = el('div', 'jp-checkpoints-ttButtons');
    this._twoButton = button(trans.__('Compare two'), () => this.toggleTwo());
    this._twoButton.setAttribute('aria-pressed', 'false');
    this._twoButton.title = trans.__(
      'A second handle: mark the changes between any two positions'
    );
    this._restoreButton = button(trans.__('Restore'), () =>
      this._act(id => _options.actions.restore(id))
    );
    this._restoreButton.title = trans.__(
      'Restore the file to this position; the current state is kept first'
    );
    this._compareButton = button(trans.__('Compare with Current'), () =>
      this._act(id =>
        _options.actions.compare(
          this._two ? this._positionAt(this._secondIndex).id : id,
          this._two ? this._idOrNull(this._index) : null
        )
      )
    );
    this._openButton = button(trans.__('Open as New Notebook'), () =>
      this._act(id => _options.actions.openAsNew(id))
    );
    buttons.append(
      this._twoButton,
      this._restoreButton,
      this._compareButton,
      this._openButton
    );
    h.append(buttons);
    this.addWidget(header);

    this._cells = new Panel();
    this._cells.addClass('jp-checkpoints-ttCells');
    this.addWidget(this._cells);

    this._slider.addEventListener('input', () =>
      this.goTo(Number(this._slider.value))
    );
    this._second.addEventListener('input', () =>
      this.setSecond(Number(this._second.value))
    );
    const start = _options.start ?? -1;
    this._index = start >= 0 && start <= last ? start : last;
    this._secondIndex = Math.max(this._index - 1, 0);
    this._slider.value = String(this._index);
    this._second.value = String(this._secondIndex);
    void this._show();
  }

  /** The slider (to focus it when the view opens). */
  get slider(): HTMLInputElement {
    return this._slider;
  }

  /** The position shown. */
  get index(): number {
    return this._index;
  }

  /** Show position `index`. */
  goTo(index: number): Promise<void> {
    this._index = index;
    this._slider.value = String(index);
    return this._show();
  }

  /** New positions (a checkpoint was made or restored): the handles stay where they were. */
  setPositions(positions: IPosition[]): Promise<void> {
    const at = (index: number, fallback: number) => {
      const id = this._positionAt(index)?.id;
      const found = positions.findIndex(p => p.id === id);
      return found >= 0 ? found : fallback;
    };
    const last = positions.length - 1;
    const index = at(this._index, last);
    const second = at(this._secondIndex, Math.max(index - 1, 0));
    this._options.positions = positions;
    this._slider.max = this._second.max = String(last);
    this._index = index;
    this._secondIndex = second;
    this._slider.value = String(index);
    this._second.value = String(second);
    return this._show();
  }

  /** Compare two: set the second handle. */
  setSecond(index: number): Promise<void> {
    this._secondIndex = index;
    this._second.value = String(index);
    return this._show();
  }

  /** Show or hide the second handle. */
  toggleTwo(): Promise<void> {
    this._two = !this._two;
    this._secondRow.hidden = !this._two;
    this._twoButton.setAttribute('aria-pressed', String(this._two));
    this._twoButton.classList.toggle('jp-mod-active', this._two);
    return this._show();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._seq++;
    this._rendered.clear();
    super.dispose();
  }

  private _positionAt(index: number): IPosition {
    return this._options.positions[index];
  }

  private _idOrNull(index: number): string | null {
    const id = this._positionAt(index).id;
    return id === NOW ? null : id;
  }

  /** Run `action` with the position's checkpoint id (buttons are disabled at "now"). */
  private _act(action: (id: string) => void): void {
    const id = this._idOrNull(this._index);
    if (id !== null || this._two) {
      action(id ?? NOW);
    }
  }

  /** The position's cells, marked against the position before it (or the second handle's). */
  private async _show(): Promise<void> {
    const seq = ++this._seq;
    const { trans, source } = this._options;
    const position = this._positionAt(this._index);
    const otherIndex = this._two ? this._secondIndex : this._index - 1;
    const other = otherIndex >= 0 ? this._positionAt(otherIndex) : null;
    const description = describePosition(position, trans);
    this._slider.setAttribute('aria-valuetext', description);
    if (other) {
      this._second.setAttribute(
        'aria-valuetext',
        describePosition(this._positionAt(this._secondIndex), trans)
      );
    }
    this._when.textContent = description;
    const atNow = position.id === NOW;
    this._restoreButton.disabled = atNow;
    this._openButton.disabled = atNow;
    const compareTarget = this._two
      ? this._positionAt(this._secondIndex)
      : null;
    this._compareButton.textContent = this._two
      ? trans.__('Compare These Two')
      : trans.__('Compare with Current');
    this._compareButton.disabled = this._two
      ? compareTarget!.id === NOW || compareTarget!.id === position.id
      : atNow;
    try {
      const [shown, before] = await Promise.all([
        source.cells(position),
        other && other !== position ? source.cells(other) : null
      ]);
      if (seq !== this._seq) {
        return;
      }
      const marks = markChanges(before?.cells ?? null, shown.cells);
      this._place(marks, shown.language);
      this._summary.textContent = summaryText(
        marks,
        other ? describePosition(other, trans) : null,
        trans
      );
      this.node.dataset.shown = String(this._index);
      this._prefetch();
    } catch (reason) {
      if (seq === this._seq) {
        this._summary.textContent = trans.__(
          'Cannot show this position: %1',
          (reason as Error).message ?? String(reason)
        );
      }
    }
  }

  /** Put the marked cells on screen, reusing rendered cells by content. */
  private _place(marks: IMarkedCell[], language: string): void {
    const { trans, render } = this._options;
    const wanted: RenderedCell[] = [];
    const seen = new Map<string, number>();
    const keys = new Set<string>();
    for (const mark of marks) {
      const digest = `${language}|${cellDigest(mark.cell)}`;
      // Equal cells twice in one notebook: each needs its own rendering.
      const n = seen.get(digest) ?? 0;
      seen.set(digest, n + 1);
      const key = `${digest}#${n}`;
      keys.add(key);
      let cell = this._rendered.get(key);
      if (!cell) {
        cell = new RenderedCell(mark.cell, language, render);
        this._rendered.set(key, cell, k => keys.has(k) || this._onScreen(k));
      }
      setMark(cell, mark.change, trans);
      if (mark.index !== undefined) {
        cell.node.dataset.index = String(mark.index);
      } else {
        delete cell.node.dataset.index;
      }
      wanted.push(cell);
    }
    const layout = this._cells.layout as any;
    const keep = new Set(wanted);
    for (const w of [...this._cells.widgets]) {
      if (!keep.has(w as RenderedCell)) {
        layout.removeWidget(w);
      }
    }
    wanted.forEach((w, i) => {
      if (this._cells.widgets[i] !== w) {
        this._cells.insertWidget(i, w);
      }
    });
    this._onScreenKeys = keys;
    if (this._cellId) {
      const target = wanted.find(w => w.cell.id === this._cellId);
      target?.node.scrollIntoView?.({ block: 'center' });
      wanted.forEach(w =>
        w.node.classList.toggle('jp-mod-revealed', w === target)
      );
    }
  }

  private _onScreen(key: string): boolean {
    return this._onScreenKeys.has(key);
  }

  /** Fetch and render the neighbours once idle: the next step is then a cache hit. */
  private _prefetch(): void {
    const seq = this._seq;
    const neighbours = [this._index - 1, this._index + 1, this._index - 2]
      .filter(i => i >= 0 && i < this._options.positions.length)
      .map(i => this._positionAt(i));
    setTimeout(() => {
      for (const p of neighbours) {
        if (seq !== this._seq || this.isDisposed) {
          return;
        }
        this._options.source.cells(p).catch(() => undefined);
      }
    }, 0);
  }

  private _cells: Panel;
  private _when: HTMLElement;
  private _summary: HTMLElement;
  private _slider: HTMLInputElement;
  private _second: HTMLInputElement;
  private _secondRow: HTMLElement;
  private _twoButton: HTMLButtonElement;
  private _restoreButton: HTMLButtonElement;
  private _compareButton: HTMLButtonElement;
  private _openButton: HTMLButtonElement;
  private _index: number;
  private _secondIndex: number;
  private _two = false;
  private _seq = 0;
  private _cellId: string | null;
  private _onScreenKeys = new Set<string>();
  private _rendered = new LruCache<string, RenderedCell>(RENDER_CACHE, cell =>
    cell.dispose()
  );
}

/** "2 changed · 1 added since Mon, Dec 7, 11:04 · Save" */
function summaryText(
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
function setMark(
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

function el<K extends keyof HTMLElementTagNameMap>(
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

function slider(last: number, label: string): HTMLInputElement {
  const input = el('input', 'jp-checkpoints-ttSlider');
  input.type = 'range';
  input.min = '0';
  input.max = String(last);
  input.step = '1';
  input.setAttribute('aria-label', label);
  return input;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const node = el('button', 'jp-Button jp-mod-styled jp-mod-reject', label);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}
