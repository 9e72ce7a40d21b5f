import { ISignal, Signal } from '@lumino/signaling';
import { ChangeSummary, HistoryClient } from '../client/historyClient';
import { CheckpointsModel } from './checkpointsModel';

/**
 * What each checkpoint of the panel's document changed against the one before it. Asked again
 * whenever the list of checkpoints changes (an entry's summary depends on its older neighbour);
 * the server caches them, so this costs one light request per change of the list.
 */
export class SummariesModel {
  constructor(
    private _client: HistoryClient,
    private _model: CheckpointsModel
  ) {
    _model.stateChanged.connect(() => void this._load(), this);
  }

  /** Emitted when summaries arrive or are dropped. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The summary of a checkpoint; undefined while unknown, null when the server has none. */
  get(id: string): ChangeSummary | null | undefined {
    return this._summaries.get(id);
  }

  dispose(): void {
    Signal.clearData(this);
  }

  private async _load(): Promise<void> {
    const { path, hasServerPart, checkpoints, loading } = this._model;
    if (loading) {
      return;
    }
    const key =
      path && hasServerPart
        ? `${path}\n${checkpoints.map(c => c.id).join(',')}`
        : '';
    if (key === this._key) {
      return;
    }
    this._key = key;
    let summaries = new Map<string, ChangeSummary | null>();
    if (key && checkpoints.length) {
      try {
        summaries = await this._client.summaries(path!);
      } catch {
        // Summaries are an aid: without them the list reads as it always did.
      }
      if (key !== this._key) {
        return;
      }
    }
    this._summaries = summaries;
    this._changed.emit();
  }

  private _key = '';
  private _summaries = new Map<string, ChangeSummary | null>();
  private _changed = new Signal<this, void>(this);
}
