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
  /** True when a create found this checkpoint already holding the file's content. */
  readonly unchanged?: boolean;
  /**
   * True when the user kept an entry that records an event (a failure, a restore) with Ctrl+K: it
   * keeps its kind and counts as a manual checkpoint (`isManual`).
   */
  readonly kept?: boolean;
  /** False for an entry that takes no retention slot (a rollback record of a kept state). */
  readonly counted?: boolean;
  /** Who made it (the server's identity of the user); absent when the server could not tell. */
  readonly author?: string;
  /** True when the kernel's variables were saved with it. */
  readonly variables?: boolean;
  /** How many variables were saved with it, when the server said. */
  readonly variablesCount?: number;
  /** Bytes of the saved variables' pickles, when the server said. */
  readonly variablesBytes?: number;
  /** True when the server found it damaged (a piece or its record): it can only be deleted. */
  readonly damaged?: boolean;
}

/**
 * Options for creating a checkpoint.
 */
export interface ICreateOptions {
  kind?: Exclude<CheckpointKind, 'legacy'>;
  label?: string;
  pinned?: boolean;
  /**
   * Make the checkpoint from what the page holds instead of the file, without writing the file
   * (notebooks, server part only). The JSON is passed already serialised, so that the client never
   * stringifies a large notebook in one go.
   */
  from?: CheckpointSource;
}

/**
 * What the page sends for a checkpoint of a notebook it holds (see docs/rest-api.md): the whole
 * notebook's JSON as a Blob (a large body handed to fetch as a string is copied on the main thread;
 * a Blob is not), or the JSON text of a delta against a base checkpoint. A delta the server cannot
 * compose fails with a `CheckpointsError` of status 409.
 */
export type CheckpointSource = { document: Blob } | { delta: string };

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
    /** Older states kept by period (hours, days, weeks; 0: off); absent from servers before tiers. */
    keep_hourly?: number;
    keep_daily?: number;
    keep_weekly?: number;
    /** What is kept, in English words ("10 recent · hourly for a day · ..."). */
    retention?: string;
  };
  store: IStoreFigures;
}

/**
 * What the checkpoint store takes on the server's disk (`store` of `GET info`). Kept up to date by
 * the server as the store changes: asking is cheap.
 */
export interface IStoreFigures {
  /** The store's folder on the server. */
  root: string;
  /**
   * Bytes on disk: content pieces plus checkpoint and deletion records. Null where the store does
   * not count them (object storage).
   */
  bytes: number | null;
  /** Files with checkpoints, deleted files' kept histories included. */
  files: number;
  objects: number;
  /**
   * Null, or a sentence saying the server's root folder cannot hold the store and where the
   * checkpoints are kept instead: shown to the user as is. Absent from older servers.
   */
  fallback?: string | null;
  /** Whether the store folder holds the `.gitignore` that keeps it out of git. */
  gitignore?: boolean;
}

/**
 * What one file's checkpoints take. Content shared with other files counts in each, so these do
 * not add up to the store's bytes.
 */
export interface IFileUsage {
  path: string;
  /** Null where the store does not count them (object storage). */
  bytes: number | null;
  /** Distinct content pieces its checkpoints refer to. */
  objects: number;
  /** Its checkpoint records. */
  checkpoints: number;
}

/** Disk use of the store, and of one file's history when a file was asked about. */
export interface IUsage {
  store: IStoreFigures;
  file: IFileUsage | null;
}

/** A deleted file's history that a clean-up would remove. */
export interface ICleanupHistory {
  path: string;
  /** ISO time of the deletion. */
  deleted: string;
  /** What removing it frees (pieces shared by several are counted with the first listed). */
  bytes: number;
  checkpoints: number;
}

/** What a clean-up would free; asking for it changes nothing. */
export interface ICleanupPlan {
  /** Histories of files deleted more than this many days ago go; null: deleted files are left alone. */
  olderThanDays: number | null;
  /** Content no checkpoint refers to any more (older than the server's grace period). */
  unreferenced: { objects: number; bytes: number };
  /** Histories removed, newest deletion first. */
  deleted: ICleanupHistory[];
  /** Deleted files old enough but holding a pinned checkpoint: kept whole. */
  pinnedKept: { path: string; deleted: string }[];
  /** Unreferenced content too recent to remove now (a create may be using it). */
  waiting: { objects: number; bytes: number };
  /** The total freed: unreferenced bytes plus every history's bytes. */
  bytes: number;
}

/** What a clean-up freed. */
export interface ICleanupResult {
  freedBytes: number;
  objectsRemoved: number;
  historiesRemoved: number;
  /** The store's figures after; null when the server did not send them. */
  store: IStoreFigures | null;
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
  /** What the kept history takes on disk; null when the server does not say. */
  bytes: number | null;
}

/**
 * Why the checkpoints of a file changed. A clean-up changes the store as a whole: its `path` is ''.
 */
export interface ICheckpointsChange {
  path: string;
  type: 'created' | 'deleted' | 'restored' | 'updated' | 'refresh' | 'cleanup';
  checkpoint?: ICheckpoint;
}

/**
 * Options of a restore: the labels of the entries it makes, in the user's language.
 */
export interface IRestoreOptions {
  /** Label of the entry that keeps the replaced content, when one is made. */
  beforeLabel?: string;
  /** Label of the entry that records the restore. */
  rollbackLabel?: string;
}

/**
 * What a restore did. Against a stock server only `checkpoints` is known (the others are null).
 */
export interface IRestoreResult {
  /** The checkpoint restored. */
  restored: ICheckpoint | null;
  /** The entry holding the replaced content: a new `before-restore` one or one that held it already. */
  kept: ICheckpoint | null;
  /** The entry recording the restore (null when nothing changed or it could not be written). */
  rollback: ICheckpoint | null;
  /** Set when the restore happened but something around it did not (e.g. the rollback record). */
  warning: string | null;
  /** The file's checkpoints after the restore, oldest first. */
  checkpoints: ICheckpoint[];
}

/**
 * The checkpoint service shared by the panel, the commands and the automatic triggers.
 * Other extensions can require it to list or create checkpoints.
 */
export interface ICheckpoints {
  /**
   * Resolves to the server part's info, or null against a stock server (one checkpoint per file,
   * no labels, no pins). Decided only on a definite answer: when the server cannot be asked (a
   * network error, a 5xx), it rejects, and the next read asks again.
   */
  readonly serverInfo: Promise<IServerInfo | null>;
  /** Emitted after any change made through this service (and on `notifyChanged`). */
  readonly changed: ISignal<ICheckpoints, ICheckpointsChange>;

  /** Checkpoints of `path`, OLDEST FIRST (as the contents API returns them). */
  list(path: string): Promise<ICheckpoint[]>;
  /**
   * A checkpoint of the file as saved. When the newest checkpoint already holds that content, the
   * server part returns it (with `unchanged`) instead of adding one.
   */
  create(path: string, options?: ICreateOptions): Promise<ICheckpoint>;
  /**
   * Restore the file on disk to checkpoint `id` (callers revert open documents). With the server
   * part, the replaced content is kept and the restore recorded, on the server, under the file's lock.
   */
  restore(
    path: string,
    id: string,
    options?: IRestoreOptions
  ): Promise<IRestoreResult>;
  /**
   * Run `task` when no other task of `path` runs: the panel, the commands and the automatic
   * triggers run their saves, creates and restores of one file through it, one at a time.
   */
  runExclusive<T>(path: string, task: () => Promise<T>): Promise<T>;
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
  /**
   * The store's disk use, and `path`'s history's when given, in one request. Needs the server
   * part.
   */
  fileUsage(path: string | null): Promise<IUsage>;
  /**
   * What a clean-up would free: unreferenced content, and the histories of files deleted more than
   * `olderThanDays` days ago (none when null). Changes nothing. Needs the server part.
   */
  cleanupPlan(olderThanDays?: number | null): Promise<ICleanupPlan>;
  /**
   * Free what `cleanupPlan` describes (pinned checkpoints are never removed), then emit a
   * `cleanup` change. Needs the server part.
   */
  cleanUp(olderThanDays?: number | null): Promise<ICleanupResult>;
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

/**
 * Parts other plugins add to a checkpoint's preview (e.g. the kernel variables saved with it), shown
 * under its banner, above the content.
 */
export interface ICheckpointPreviewSections {
  /**
   * Add a section: `render` is called for each preview opened and resolves to the node to show, or
   * null to show nothing for that checkpoint.
   */
  add(
    render: (
      path: string,
      checkpoint: ICheckpoint
    ) => Promise<HTMLElement | null>
  ): void;
}

export const ICheckpointPreviewSections = new Token<ICheckpointPreviewSections>(
  'jupyterlab-checkpoints:ICheckpointPreviewSections',
  "Sections other plugins add to a checkpoint's preview."
);
