import { ServerConnection } from '@jupyterlab/services';
import { ICellLike } from '../compare/cellDiff';
import { ICheckpoint } from '../tokens';
import { toCheckpoint } from './parse';
import { requestJson, serverPartUrl } from './request';

/** What changed in a notebook checkpoint against the entry just older than it. */
export interface INotebookSummary {
  kind: 'notebook';
  /** The oldest entry: every cell counts as added. */
  first: boolean;
  cells: number;
  added: number;
  removed: number;
  /** Cells whose source (or type) changed. */
  edited: number;
  /** Cells whose outputs or execution count alone changed. */
  outputs: number;
  /** Cells that changed place (0 when the server does not say). */
  moved: number;
  /** Whether the notebook's metadata changed. */
  metadata: boolean;
  /** One character per cell: a(dded) r(emoved) e(dited) o(utputs only) u(nchanged). */
  strip: string;
}

/** What changed in a text file's checkpoint against the entry just older than it. */
export interface ITextSummary {
  kind: 'text';
  first: boolean;
  addedLines: number;
  removedLines: number;
}

export type ChangeSummary = INotebookSummary | ITextSummary;

/** One distinct version of a cell (type, source, outputs) across a file's checkpoints. */
export interface ICellVersion {
  /** The newest checkpoint holding this version. */
  checkpoint: ICheckpoint;
  /** The oldest checkpoint holding it: where this version first appeared. */
  first?: ICheckpoint;
  /** Ids of every checkpoint holding it, newest first. */
  checkpoints: string[];
  cell: ICellLike;
}

export interface ICellHistory {
  cell: string | null;
  /** Newest first. */
  versions: ICellVersion[];
}

/** A cell found in a checkpoint but no longer in the file: its newest version, and where it stood. */
export interface IDeletedCell {
  cell: ICellLike;
  /** The newest checkpoint holding it; null for a cell deleted in the open notebook (see `deleted`). */
  checkpoint: ICheckpoint | null;
  /** When it was deleted in the open notebook (its version then); absent for a checkpoint's cell. */
  deleted?: Date;
  /** Its position in that checkpoint. */
  index: number;
  /** The nearest cell before it there that still exists. */
  after: string | null;
  /** The nearest cell after it there that still exists. */
  before: string | null;
}

export interface ISearchHit {
  checkpoint: ICheckpoint;
  /** Other checkpoints holding the same cell version. */
  also: number;
  cell: string | null;
  /** The cell's index (a text file: the 0-based line number). */
  index: number;
  where: 'source' | 'output' | 'image';
  snippet: string;
  /** Code-point offsets of the match inside `snippet`. */
  match: [number, number];
}

export interface ISearchResult {
  query: string;
  hits: ISearchHit[];
  truncated: boolean;
  /** The server's time budget ran out: more checkpoints may hold the text. */
  stoppedEarly: boolean;
}

/** A checkpoint reference as the history routes send it. */
interface IServerRef {
  id: unknown;
  created: unknown;
  label?: unknown;
  kind?: unknown;
  pinned?: unknown;
}

const refToCheckpoint = (ref: IServerRef): ICheckpoint =>
  toCheckpoint({ ...ref, last_modified: ref.created });

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

/** A summary as the server sends it; null for one that cannot be read (shown as nothing). */
export function toSummary(raw: any): ChangeSummary | null {
  if (!raw || typeof raw !== 'object') {
    return null;
  }
  if (raw.kind === 'notebook') {
    return {
      kind: 'notebook',
      first: raw.first === true,
      cells: count(raw.cells),
      added: count(raw.added),
      removed: count(raw.removed),
      edited: count(raw.edited),
      outputs: count(raw.outputs),
      moved: count(raw.moved),
      metadata: raw.metadata === true,
      strip: typeof raw.strip === 'string' ? raw.strip : ''
    };
  }
  if (raw.kind === 'text') {
    return {
      kind: 'text',
      first: raw.first === true,
      addedLines: count(raw.added_lines),
      removedLines: count(raw.removed_lines)
    };
  }
  return null;
}

/**
 * The readable-history routes of the server part: per-entry change summaries, a cell's versions,
 * deleted cells and search across a file's checkpoints. All read-only.
 */
export class HistoryClient {
  constructor(options: { serverSettings?: ServerConnection.ISettings } = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
  }

  /** Summaries by checkpoint id (null where the server could not compute one). */
  async summaries(path: string): Promise<Map<string, ChangeSummary | null>> {
    const answer = await this._get<{ summaries: Record<string, unknown> }>(
      'summaries',
      { path }
    );
    return new Map(
      Object.entries(answer.summaries ?? {}).map(([id, s]) => [
        id,
        toSummary(s)
      ])
    );
  }

  /** Every distinct version of a cell, by id, or by its index in the newest checkpoint. */
  async cellHistory(
    path: string,
    cell: { id: string } | { index: number }
  ): Promise<ICellHistory> {
    const query: Record<string, string> =
      'id' in cell
        ? { path, cell: cell.id }
        : { path, index: String(cell.index) };
    const answer = await this._get<any>('cells/history', query);
    return {
      cell: typeof answer.cell === 'string' ? answer.cell : null,
      versions: (answer.versions ?? []).map((v: any) => ({
        checkpoint: refToCheckpoint(v.checkpoint),
        first: v.first ? refToCheckpoint(v.first) : undefined,
        checkpoints: Array.isArray(v.checkpoints) ? v.checkpoints : [],
        cell: v.cell
      }))
    };
  }

  /** Cells of earlier checkpoints missing from the file as saved, newest first. */
  async deletedCells(path: string): Promise<IDeletedCell[]> {
    const answer = await this._get<any>('cells/deleted', { path });
    return (answer.cells ?? []).map((c: any) => ({
      cell: c.cell,
      checkpoint: refToCheckpoint(c.checkpoint),
      index: count(c.index),
      after: typeof c.after === 'string' ? c.after : null,
      before: typeof c.before === 'string' ? c.before : null
    }));
  }

  /** Plain-text, case-insensitive search of every checkpoint of `path`. */
  async search(
    path: string,
    query: string,
    limit = 100
  ): Promise<ISearchResult> {
    const answer = await this._get<any>('search', {
      path,
      q: query,
      limit: String(limit)
    });
    return {
      query: String(answer.query ?? query),
      truncated: answer.truncated === true,
      stoppedEarly: answer.stopped_early === true,
      hits: (answer.hits ?? []).map((h: any) => ({
        checkpoint: refToCheckpoint(h.checkpoint),
        also: count(h.also),
        cell: typeof h.cell === 'string' ? h.cell : null,
        index: count(h.index),
        where: ['source', 'output', 'image'].includes(h.where)
          ? h.where
          : 'source',
        snippet: String(h.snippet ?? ''),
        match:
          Array.isArray(h.match) && h.match.length === 2
            ? [count(h.match[0]), count(h.match[1])]
            : [0, 0]
      }))
    };
  }

  private _get<T>(endpoint: string, query: Record<string, string>): Promise<T> {
    return requestJson<T>(
      serverPartUrl(this._settings, endpoint, query),
      { method: 'GET' },
      this._settings
    );
  }

  private _settings: ServerConnection.ISettings;
}
