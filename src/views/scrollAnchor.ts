/**
 * Keeps the entry under the pointer where it is when the list changes around it.
 *
 * New checkpoints arrive at the top of the list (a restore adds two, automatic ones arrive while
 * the user reads). Without this, each one pushes the entry under the pointer down a row, and the
 * click meant for it lands on its neighbour. Before the list renders, `capture` notes where the
 * hovered entry stands; once the DOM is updated (a layout effect, before paint), `restore` scrolls
 * the panel by however far it moved. When the panel cannot scroll that far (a short list), the
 * body grows below the fold to make the room, and shrinks back once the pointer leaves it.
 */
export class ScrollAnchor {
  /** `root` holds the entries (`[data-checkpoint-id]`); it lies in a scrolling container. */
  constructor(private _root: HTMLElement) {
    _root.addEventListener('mouseover', this._onOver);
    _root.addEventListener('mouseleave', this._onLeave);
  }

  dispose(): void {
    this._root.removeEventListener('mouseover', this._onOver);
    this._root.removeEventListener('mouseleave', this._onLeave);
  }

  /** Note where the entry under the pointer stands: call before the list renders. */
  capture(): void {
    const entry = this._entry(this._hovered);
    this._anchor = entry
      ? { id: this._hovered!, top: entry.getBoundingClientRect().top }
      : null;
  }

  /** Scroll so the noted entry stands where it stood: call once the DOM is updated. */
  restore(): void {
    const anchor = this._anchor;
    this._anchor = null;
    const entry = anchor && this._entry(anchor.id);
    const scroller = this._scroller();
    if (!anchor || !entry || !scroller) {
      return;
    }
    const moved = entry.getBoundingClientRect().top - anchor.top;
    if (Math.abs(moved) < 1) {
      return;
    }
    const wanted = scroller.scrollTop + moved;
    const room = scroller.scrollHeight - scroller.clientHeight;
    if (wanted > room) {
      // The body then reaches `wanted` below the fold, whatever its entries measure.
      this._setSpacer(wanted);
    }
    scroller.scrollTop = Math.max(0, wanted);
  }

  private _entry(id: string | null): HTMLElement | null {
    return id
      ? this._root.querySelector<HTMLElement>(
          `[data-checkpoint-id="${CSS.escape(id)}"]`
        )
      : null;
  }

  /** The nearest ancestor that scrolls (the side panel's content). */
  private _scroller(): HTMLElement | null {
    for (let n = this._root.parentElement; n; n = n.parentElement) {
      const overflow = getComputedStyle(n).overflowY;
      if (overflow === 'auto' || overflow === 'scroll') {
        return n;
      }
    }
    return null;
  }

  /** Let the body reach `px` below the scroller's fold (its `min-height` is the scroller's). */
  private _setSpacer(px: number): void {
    const spacer = Math.max(0, Math.ceil(px));
    this._root.style.minHeight = spacer ? `calc(100% + ${spacer}px)` : '';
  }

  private _onOver = (event: MouseEvent): void => {
    const entry = (event.target as HTMLElement).closest<HTMLElement>(
      '[data-checkpoint-id]'
    );
    this._hovered = entry?.dataset.checkpointId ?? null;
  };

  private _onLeave = (): void => {
    this._hovered = null;
    this._setSpacer(0);
  };

  private _hovered: string | null = null;
  private _anchor: { id: string; top: number } | null = null;
}
