import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { samePath } from '../paths';
import { ICheckpoints } from '../tokens';
import { isShared } from '../collaboration';
import { AutosaveController } from '../triggers/autosave';
import { formatDuration, relativeTime } from './format';

/** How often the relative time is refreshed (ms). */
const CLOCK_MS = 10000;

/** "30 seconds", "2 minutes", "1.5 minutes": the one wording of `formatDuration`. */
export function formatInterval(
  seconds: number,
  // Kept for callers: the words come from the browser's language, as relative times do.
  _trans?: TranslationBundle
): string {
  return formatDuration(seconds);
}

/**
 * Status bar item of the current document: "Autosave 2 minutes · last checkpoint 4 minutes ago", plus
 * "unsaved changes" when dirty, "Autosave off" when off. Clicking it calls `onClick` with the item's
 * node (the plugin opens the interval menu there).
 */
export class AutosaveStatus extends ReactWidget {
  constructor(
    private _controller: AutosaveController,
    private _service: ICheckpoints,
    private _trans: TranslationBundle,
    private _onClick: (anchor: HTMLElement) => void
  ) {
    super();
    this.addClass('jp-checkpoints-status');
    this.node.setAttribute('role', 'button');
    this.node.setAttribute('aria-haspopup', 'menu');
    this.node.tabIndex = 0;
    this.node.addEventListener('click', () => this._onClick(this.node));
    this.node.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this._onClick(this.node);
      }
    });
    _controller.changed.connect((_, context) => {
      if (context === this._context) {
        this.update();
      }
    });
    _service.changed.connect((_, change) => {
      if (this._context && samePath(change.path, this._context.path)) {
        void this._loadLast();
      }
    });
    this._clock = window.setInterval(() => {
      if (this.isVisible) {
        this.update();
      }
    }, CLOCK_MS);
  }

  get context(): DocumentRegistry.Context | null {
    return this._context;
  }

  set context(context: DocumentRegistry.Context | null) {
    if (context === this._context) {
      return;
    }
    this._context?.model.stateChanged.disconnect(this._onModelState, this);
    this._context?.fileChanged.disconnect(this._onFileChanged, this);
    this._context = context;
    this._context?.model.stateChanged.connect(this._onModelState, this);
    this._context?.fileChanged.connect(this._onFileChanged, this);
    this._last = null;
    this._loaded = false;
    void this._loadLast();
    this.update();
  }

  dispose(): void {
    window.clearInterval(this._clock);
    super.dispose();
  }

  protected render(): React.ReactElement | null {
    const context = this._context;
    if (!context) {
      return null;
    }
    const trans = this._trans;
    const seconds = this._controller.intervalOf(context);
    const own = this._controller.hasOverride(context);
    const shared = isShared(context);
    const parts = [
      shared
        ? trans.__('Saved continuously (shared)')
        : seconds > 0
          ? trans.__('Autosave %1', formatInterval(seconds, trans))
          : trans.__('Autosave off')
    ];
    if (this._last !== null) {
      parts.push(
        trans.__('last checkpoint %1', relativeTime(this._last, Date.now()))
      );
    } else if (this._loaded) {
      parts.push(trans.__('no checkpoint yet'));
    }
    const dirty = context.model.dirty && !shared;
    if (dirty) {
      parts.push(trans.__('unsaved changes'));
    }
    const text = parts.join(' · ');
    this.node.title = shared
      ? trans.__(
          '%1 is shared in real time: the server saves it as it changes, so autosave intervals do not apply.',
          context.localPath
        )
      : own
        ? trans.__(
            '%1: this notebook has its own autosave interval. Click to change it.',
            context.localPath
          )
        : trans.__(
            '%1: autosave follows the settings. Click to change it for this notebook.',
            context.localPath
          );
    this.node.setAttribute('aria-label', text);
    this.node.classList.toggle('jp-mod-dirty', dirty);
    this.node.classList.toggle('jp-mod-off', seconds === 0 && !shared);
    return <span className="jp-checkpoints-statusText">{text}</span>;
  }

  private _onModelState(_: unknown, change: { name: string }): void {
    if (change.name === 'dirty') {
      this.update();
    }
  }

  private _onFileChanged(): void {
    // A save: the server may have added its own checkpoint.
    void this._loadLast();
  }

  private async _loadLast(): Promise<void> {
    const context = this._context;
    if (!context) {
      return;
    }
    try {
      const list = await this._service.list(context.path);
      if (context === this._context) {
        let newest: number | null = null;
        for (const c of list) {
          const t = Date.parse(c.lastModified);
          if (Number.isFinite(t) && (newest === null || t > newest)) {
            newest = t;
          }
        }
        this._last = newest;
        this._loaded = true;
        this.update();
      }
    } catch {
      // The file may not exist on the server yet; the item just shows no checkpoint.
      this._loaded = true;
    }
  }

  private _context: DocumentRegistry.Context | null = null;
  private _last: number | null = null;
  private _loaded = false;
  private _clock: number;
}
