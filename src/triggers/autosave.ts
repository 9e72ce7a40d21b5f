import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel } from '@jupyterlab/notebook';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { isShared } from '../collaboration';
import { samePath } from '../paths';
import { ICheckpoints } from '../tokens';
import { intervalFromMetadata, METADATA_KEY } from './autosaveMagic';

/** Autosave settings from the Settings Editor. */
export interface IAutosaveSettings {
  /** This extension's `autosave`; null when not set (then the fallback applies). */
  enabled: boolean | null;
  /** This extension's `autosaveInterval` (seconds); null when not set. */
  interval: number | null;
  checkpointOnAutosave: boolean;
  /** Seconds between checkpoints made on autosave. */
  checkpointPeriod: number;
}

/** The Document Manager's own autosave settings, the fallback of ours. */
export interface IGlobalAutosave {
  enabled: boolean;
  /** Seconds. */
  interval: number;
}

/** The shortest interval accepted, in seconds. */
export const MIN_INTERVAL = 5;
/** JupyterLab's default interval, in seconds. */
export const DEFAULT_INTERVAL = 120;

/**
 * The interval every document follows unless it has its own: what the user set in this extension's
 * settings, else what the Document Manager's settings say ("Autosave Documents", "Autosave
 * Interval", also the File menu toggle), else JupyterLab's defaults. Seconds; 0 means off.
 */
export function effectiveGlobalInterval(
  ours: IAutosaveSettings,
  documentManager: IGlobalAutosave | null
): number {
  const enabled = ours.enabled ?? documentManager?.enabled ?? true;
  const interval =
    ours.interval ?? documentManager?.interval ?? DEFAULT_INTERVAL;
  return enabled
    ? Math.max(
        MIN_INTERVAL,
        Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_INTERVAL
      )
    : 0;
}

/** A notebook's own interval (seconds, 0 = off) made valid, or null when it has none. */
export function effectiveOverride(seconds: number | null): number | null {
  if (seconds === null) {
    return null;
  }
  return seconds === 0 ? 0 : Math.max(MIN_INTERVAL, seconds);
}

/** The metadata of a notebook model, where a notebook keeps its own interval. */
export type MetadataModel = Pick<
  INotebookModel,
  'getMetadata' | 'setMetadata' | 'deleteMetadata' | 'metadataChanged'
>;

/** Whether a document model has metadata (notebooks do, text files do not). */
export function hasMetadata(
  model: DocumentRegistry.IModel
): model is DocumentRegistry.IModel & MetadataModel {
  const candidate = model as Partial<MetadataModel>;
  return (
    typeof candidate.getMetadata === 'function' &&
    typeof candidate.setMetadata === 'function'
  );
}

/**
 * Saves dirty documents on their own interval: the global setting, or a notebook's override kept in
 * its metadata (set by a command or `%autosave N`). It replaces the document manager's single
 * interval, which cannot differ per document.
 */
export class AutosaveController {
  constructor(
    private _service: ICheckpoints,
    settings: IAutosaveSettings,
    private _trans: TranslationBundle = nullTranslator.load(
      'jupyterlab_checkpoints'
    )
  ) {
    this._settings = settings;
  }

  get changed(): ISignal<this, DocumentRegistry.Context> {
    return this._changed;
  }

  get settings(): IAutosaveSettings {
    return this._settings;
  }

  set settings(value: IAutosaveSettings) {
    this._settings = value;
    this._rescheduleAll();
  }

  /** The Document Manager's autosave settings, used where ours are not set. */
  get documentManagerDefaults(): IGlobalAutosave | null {
    return this._documentManager;
  }

  set documentManagerDefaults(value: IGlobalAutosave | null) {
    this._documentManager = value;
    this._rescheduleAll();
  }

  /** Interval of documents without their own, in seconds; 0 means off. */
  get globalInterval(): number {
    return effectiveGlobalInterval(this._settings, this._documentManager);
  }

  /** Effective interval of a document in seconds; 0 means autosave is off for it. */
  intervalOf(context: DocumentRegistry.Context): number {
    return (
      effectiveOverride(intervalFromMetadata(this._metadata(context))) ??
      this.globalInterval
    );
  }

  /** When `context` will next be checked for unsaved changes (ms since epoch), or null. */
  nextSaveAt(context: DocumentRegistry.Context): number | null {
    return this._due.get(context) ?? null;
  }

  /** Whether the document carries its own interval. */
  hasOverride(context: DocumentRegistry.Context): boolean {
    return intervalFromMetadata(this._metadata(context)) !== null;
  }

  /** Set (seconds, 0 = off) or clear (null) a notebook's own interval. */
  setOverride(context: DocumentRegistry.Context, seconds: number | null): void {
    const model = context.model;
    if (!hasMetadata(model)) {
      return;
    }
    if (seconds === null) {
      model.deleteMetadata(METADATA_KEY);
    } else {
      const current = model.getMetadata(METADATA_KEY) ?? {};
      model.setMetadata(METADATA_KEY, {
        ...current,
        autosave_interval: Math.max(0, Math.round(seconds))
      });
    }
    this._schedule(context);
  }

  /**
   * A collaboration room saved `path` (its `save` event): under real-time collaboration the room,
   * not the page, saves, so "checkpoint on autosave" follows the room's saves instead of our timers.
   */
  roomSaved(path: string): void {
    for (const context of this._timers.keys()) {
      if (isShared(context) && samePath(context.path, path)) {
        void this._service
          .runExclusive(context.path, () => this._checkpointOnAutosave(context))
          .catch(reason =>
            console.warn(
              'jupyterlab-checkpoints: checkpoint on save failed',
              reason
            )
          );
      }
    }
  }

  /** Start saving `context` on its interval until it is disposed. */
  track(context: DocumentRegistry.Context): void {
    if (this._timers.has(context)) {
      return;
    }
    this._timers.set(context, 0);
    context.disposed.connect(() => {
      window.clearTimeout(this._timers.get(context));
      this._timers.delete(context);
      this._due.delete(context);
    });
    const model = context.model;
    if (hasMetadata(model)) {
      model.metadataChanged.connect(() => this._schedule(context));
    }
    this._schedule(context);
  }

  private _metadata(context: DocumentRegistry.Context): unknown {
    const model = context.model;
    return hasMetadata(model) ? model.getMetadata(METADATA_KEY) : undefined;
  }

  private _rescheduleAll(): void {
    for (const context of this._timers.keys()) {
      this._schedule(context);
    }
  }

  private _schedule(context: DocumentRegistry.Context): void {
    window.clearTimeout(this._timers.get(context));
    const seconds = this.intervalOf(context);
    if (seconds > 0) {
      this._timers.set(
        context,
        window.setTimeout(() => void this._tick(context), seconds * 1000)
      );
      this._due.set(context, Date.now() + seconds * 1000);
    } else {
      this._timers.set(context, 0);
      this._due.delete(context);
    }
    this._changed.emit(context);
  }

  private async _tick(context: DocumentRegistry.Context): Promise<void> {
    if (context.isDisposed) {
      return;
    }
    try {
      // False under real-time collaboration: the room saves, not the page.
      const canSave = context.canSave ?? true;
      if (
        context.isReady &&
        canSave &&
        context.model.dirty &&
        !context.model.readOnly &&
        context.contentsModel?.writable !== false
      ) {
        // One at a time with restores and checkpoints of the same file (see ICheckpoints.runExclusive).
        await this._service.runExclusive(context.path, async () => {
          if (context.model.dirty && !context.isDisposed) {
            await context.save();
            await this._checkpointOnAutosave(context);
          }
        });
      }
    } catch (reason) {
      console.warn('jupyterlab-checkpoints: autosave failed', reason);
    }
    if (!context.isDisposed) {
      this._schedule(context);
    }
  }

  private async _checkpointOnAutosave(
    context: DocumentRegistry.Context
  ): Promise<void> {
    const { checkpointOnAutosave, checkpointPeriod } = this._settings;
    const last = this._lastAutosaveCheckpoint.get(context.path) ?? 0;
    // Not against a stock server: its one checkpoint per file would be replaced on every autosave.
    const serverPart = await this._service.serverInfo.catch(() => null);
    if (
      serverPart &&
      checkpointOnAutosave &&
      Date.now() - last >= checkpointPeriod * 1000
    ) {
      this._lastAutosaveCheckpoint.set(context.path, Date.now());
      await this._service.create(context.path, {
        kind: 'auto',
        label: this._trans.__('Autosave')
      });
    }
  }

  private _settings: IAutosaveSettings;
  private _documentManager: IGlobalAutosave | null = null;
  private _timers = new Map<DocumentRegistry.Context, number>();
  private _due = new Map<DocumentRegistry.Context, number>();
  private _lastAutosaveCheckpoint = new Map<string, number>();
  private _changed = new Signal<this, DocumentRegistry.Context>(this);
}
