import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';
import type { CheckpointKind } from './kinds';

export type { CheckpointKind } from './kinds';

/**
 * One checkpoint of one file, as the client exposes it.
 */
export interface ICheckpoint {
  /** Id, unique per file (`checkpoint` on a stock server). */
  readonly id: string;
  /** ISO-8601 creation time. */
  readonly lastModified: string;
  /** User-given name; empty when none. */
  readonly label: string;
  readonly kind: CheckpointKind;
  readonly pinned: boolean;
  /** Bytes of file content held; null when the server does not say. */
  readonly size: number | null;
}

/**
 * Options for creating a checkpoint.
 */
export interface ICreateOptions {
  kind?: Exclude<CheckpointKind, 'legacy'>;
  label?: string;
  pinned?: boolean;
}

/**
 * The content a checkpoint holds (a contents model, as `GET checkpoints/{id}/content` returns it).
 */
export interface ICheckpointContent {
  path: string;
  name: string;
  type: 'notebook' | 'file';
  format: 'json' | 'text' | 'base64';
  mimetype: string | null;
  /** Notebook JSON for notebooks, a string for text and base64 files. */
  content: any;
  checkpoint: ICheckpoint;
}

/**
 * Limits and store figures reported by the server part.
 */
export interface IServerInfo {
  version: string;
  limits: {
    max_unpinned: number;
    max_pinned: number;
    max_label_length: number;
    deleted_retention_days: number;
  };
  store: { root: string; bytes: number; files: number; objects: number };
}

/**
 * Checkpoints kept for a file that was deleted.
 */
export interface IDeletedFile {
  path: string;
  /** ISO time of the deletion. */
  deleted: string;
  /** ISO time after which the checkpoints are purged. */
  expires: string;
  checkpoints: ICheckpoint[];
}

/**
 * Why the checkpoints of a file changed.
 */
export interface ICheckpointsChange {
  path: string;
  type: 'created' | 'deleted' | 'restored' | 'updated' | 'refresh';
  checkpoint?: ICheckpoint;
}

/**
 * The checkpoint service shared by the panel, the commands and the automatic triggers.
 * Other extensions can require it to list or create checkpoints.
 */
export interface ICheckpoints {
  /**
   * Resolves to the server part's info, or null against a stock server
   * (one checkpoint per file, no labels, no pins).
   */
  readonly serverInfo: Promise<IServerInfo | null>;
  /** Emitted after any change made through this service (and on `notifyChanged`). */
  readonly changed: ISignal<ICheckpoints, ICheckpointsChange>;

  /** Checkpoints of `path`, OLDEST FIRST (as the contents API returns them). */
  list(path: string): Promise<ICheckpoint[]>;
  create(path: string, options?: ICreateOptions): Promise<ICheckpoint>;
  /** Restore the file on disk to checkpoint `id` (callers revert open documents). */
  restore(path: string, id: string): Promise<void>;
  remove(path: string, id: string): Promise<void>;
  /** Set label and/or pin. Needs the server part. */
  update(
    path: string,
    id: string,
    patch: { label?: string; pinned?: boolean }
  ): Promise<ICheckpoint>;
  /**
   * The content checkpoint `id` holds, without restoring it. Needs the server part; against a stock
   * server it rejects.
   */
  getContent(path: string, id: string): Promise<ICheckpointContent>;
  /** Checkpoints kept for deleted files, newest deletion first. Needs the server part. */
  listDeleted(): Promise<IDeletedFile[]>;
  /**
   * Recreate deleted file `path` from its checkpoint `id` (at `target`, or its own path when free);
   * resolves to the new file's path. Needs the server part.
   */
  restoreDeleted(path: string, id: string, target?: string): Promise<string>;
  /** Tell listeners that `path`'s checkpoints changed outside this service. */
  notifyChanged(path: string): void;
}

export const ICheckpoints = new Token<ICheckpoints>(
  'jupyterlab-checkpoints:ICheckpoints',
  'Lists and creates the many checkpoints of a file.'
);

/**
 * The document the Checkpoints panel follows and the checkpoint selected in its list, so that
 * commands of other plugins (preview, compare) act on what the user chose.
 */
export interface ICheckpointSelection {
  /** Path of the document the panel shows; null when no document is open. */
  readonly path: string | null;
  /** Id of the checkpoint selected in the panel's list; null when none is. */
  readonly selectedId: string | null;
  /** The selected checkpoint, when the panel's list holds it. */
  readonly selected: ICheckpoint | null;
  /** Emitted with the new id whenever the selection changes. */
  readonly selectionChanged: ISignal<ICheckpointSelection, string | null>;
}

export const ICheckpointSelection = new Token<ICheckpointSelection>(
  'jupyterlab-checkpoints:ICheckpointSelection',
  'The document the Checkpoints panel shows and the checkpoint selected in it.'
);

/** What became of one group of cells run: an automatic checkpoint, or why none was made. */
export type AutoCheckpointOutcome =
  | {
      action: 'created';
      path: string;
      id: string;
      kind: 'auto' | 'failure';
      label: string;
      /** The automatic checkpoint this one replaced (a burst within the minimum spacing). */
      replaced: string | null;
    }
  | { action: 'skipped'; reason: string };

/**
 * Automatic checkpoints after running cells, and autosave, as they run in this page.
 */
export interface ICheckpointTriggers {
  /**
   * Resolves once the automatic checkpoints being made are done (a group of cells still in its
   * quiet period is not counted yet).
   */
  readonly idle: Promise<void>;
  /** What became of the last group of cells run; null before the first one. */
  readonly lastOutcome: AutoCheckpointOutcome | null;
  /** Seconds between autosaves of documents without their own interval; 0 means off. */
  readonly autosaveInterval: number;
}

export const ICheckpointTriggers = new Token<ICheckpointTriggers>(
  'jupyterlab-checkpoints:ICheckpointTriggers',
  'Automatic checkpoints after running cells, and autosave.'
);
