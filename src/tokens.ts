import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

/**
 * What made a checkpoint. `legacy` is a pre-existing `.ipynb_checkpoints` file.
 */
export type CheckpointKind =
  | 'manual'
  | 'save'
  | 'auto'
  | 'failure'
  | 'before-restore'
  | 'rollback'
  | 'legacy';

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
