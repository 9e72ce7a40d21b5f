import { TranslationBundle } from '@jupyterlab/translation';
import { Panel, PanelLayout, Widget } from '@lumino/widgets';
import {
  INotebookRenderOptions,
  RenderedCell
} from '../preview/notebookRender';
import { cellDigest, LruCache } from './cache';
import { button, el, setMark, slider, summaryText } from './controls';
import { ITimeTravelSource, MarkedHistory } from './markedHistory';
import { describePosition, IMarkedCell, IPosition, NOW } from './positions';

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

/** What the view's buttons do, at the position(s) chosen. */
export interface ITimeTravelActions {
  restore(id: string): void;
  /** Compare checkpoint `id` with `otherId` (a checkpoint) or, when null, with the document. */
  compare(id: string, otherId: string | null): void;
  openAsNew(id: string): void;
}

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
    this._history = new MarkedHistory(_options.source);
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
    this._twoButton = button(
      trans.__('Compare two'),
      () => this.toggleTwo(),
      trans.__('A second handle: mark the changes between any two positions')
    );
    this._twoButton.setAttribute('aria-pressed', 'false');
    this._restoreButton = button(
      trans.__('Restore'),
      () => this._act(id => _options.actions.restore(id)),
      trans.__(
        'Restore the file to this position; the current state is kept first'
      )
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
    const { trans } = this._options;
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
    this._when.textContent = trans.__(
      '%1 (%2 of %3)',
      description,
      this._index + 1,
      this._options.positions.length
    );
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
      const { marks, language } = await this._history.marks(position, other);
      if (seq !== this._seq) {
        return;
      }
      this._place(marks, language);
      this._summary.textContent = summaryText(
        marks,
        other ? describePosition(other, trans) : null,
        trans
      );
      this.node.dataset.shown = String(this._index);
      this._prefetch(seq);
    } catch (reason) {
      if (seq === this._seq) {
        this._summary.textContent = trans.__(
          'Cannot show this position: %1',
          (reason as Error).message ?? String(reason)
        );
      }
    }
  }

  /**
   * The rendered cells for `marks`, by content digest: those rendered before are reused, the
   * others rendered now and kept. Equal cells twice in one notebook each get their own rendering.
   */
  private _renderCells(
    marks: IMarkedCell[],
    language: string
  ): { cells: RenderedCell[]; keys: Set<string> } {
    const { render } = this._options;
    const cells: RenderedCell[] = [];
    const seen = new Map<string, number>();
    const keys = new Set<string>();
    for (const mark of marks) {
      const digest = `${language}|${cellDigest(mark.cell)}`;
      const n = seen.get(digest) ?? 0;
      seen.set(digest, n + 1);
      const key = `${digest}#${n}`;
      keys.add(key);
      let cell = this._rendered.get(key);
      if (!cell) {
        cell = new RenderedCell(mark.cell, language, render);
        this._rendered.set(key, cell, k => keys.has(k) || this._onScreen(k));
      }
      cells.push(cell);
    }
    return { cells, keys };
  }

  /** Put the marked cells on screen, moving only the cells that are not in place already. */
  private _place(marks: IMarkedCell[], language: string): void {
    const { trans } = this._options;
    const { cells: wanted, keys } = this._renderCells(marks, language);
    wanted.forEach((cell, i) => {
      const mark = marks[i];
      setMark(cell, mark.change, trans);
      if (mark.index !== undefined) {
        cell.node.dataset.index = String(mark.index);
      } else {
        delete cell.node.dataset.index;
      }
    });
    // Cells not wanted leave the panel but stay alive in the render cache (no dispose).
    const layout = this._cells.layout as PanelLayout;
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

  /**
   * While the user looks at a position, fetch, compare and render its neighbours (next first):
   * the next step is then only cache hits. Stops as soon as the user moves.
   */
  private _prefetch(seq: number): void {
    if (this._two) {
      return;
    }
    const count = this._options.positions.length;
    const next = [this._index + 1, this._index - 1].filter(
      i => i >= 0 && i < count
    );
    const idle = () => new Promise(resolve => setTimeout(resolve, 0));
    void (async () => {
      for (const i of next) {
        await idle();
        if (seq !== this._seq || this.isDisposed) {
          return;
        }
        const position = this._positionAt(i);
        const other = i > 0 ? this._positionAt(i - 1) : null;
        try {
          const { marks, language } = await this._history.marks(
            position,
            other
          );
          if (seq !== this._seq || this.isDisposed) {
            return;
          }
          this._renderCells(marks, language);
        } catch {
          // The step itself reports what cannot be read.
        }
      }
    })();
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
  private _history: MarkedHistory;
}
