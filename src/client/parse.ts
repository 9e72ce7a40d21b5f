import { isCheckpointKind } from '../kinds';
import {
  ICheckpoint,
  ICleanupHistory,
  ICleanupPlan,
  ICleanupResult,
  IDeletedFile,
  IRestoreResult,
  IStoreFigures,
  IUsage
} from '../tokens';

/*
 * Readers of what the server sends. The disk-use and clean-up readers never throw on a missing or
 * odd field: figures are shown, not acted on, so a server of another version yields zeros and
 * empty lists rather than a broken panel. What a clean-up frees is decided by the server alone.
 */

/** A checkpoint as the contents API (id, last_modified) and the server part (the rest) send it. */
export interface IServerCheckpoint {
  id: unknown;
  last_modified: unknown;
  label?: unknown;
  kind?: unknown;
  pinned?: unknown;
  size?: unknown;
  unchanged?: unknown;
  kept?: unknown;
  counted?: unknown;
  author?: unknown;
  variables?: unknown;
  variables_count?: unknown;
  variables_bytes?: unknown;
  damaged?: unknown;
}

/** The answer of the server part's restore. */
export interface IServerRestore {
  restored: IServerCheckpoint | null;
  kept: IServerCheckpoint | null;
  rollback: IServerCheckpoint | null;
  warning: string | null;
  checkpoints: IServerCheckpoint[];
}

/** A deleted file's kept checkpoints as the server part sends them. */
export interface IServerDeletedFile {
  path: string;
  deleted: string;
  expires: string;
  checkpoints: IServerCheckpoint[];
  bytes?: unknown;
}

/** Map a server model (stock or extended) to a checkpoint. */
export function toCheckpoint(model: IServerCheckpoint): ICheckpoint {
  const kind = isCheckpointKind(model.kind) ? model.kind : 'save';
  return {
    id: String(model.id),
    lastModified: String(model.last_modified),
    label: typeof model.label === 'string' ? model.label : '',
    kind,
    pinned: model.pinned === true,
    size: typeof model.size === 'number' ? model.size : null,
    ...(model.unchanged === true ? { unchanged: true } : {}),
    ...(model.kept === true ? { kept: true } : {}),
    ...(model.counted === false ? { counted: false } : {}),
    ...(typeof model.author === 'string' && model.author
      ? { author: model.author }
      : {}),
    ...(model.variables === true ? { variables: true } : {}),
    ...(model.variables === true && typeof model.variables_count === 'number'
      ? { variablesCount: model.variables_count }
      : {}),
    ...(model.variables === true && typeof model.variables_bytes === 'number'
      ? { variablesBytes: model.variables_bytes }
      : {}),
    ...(model.damaged === true ? { damaged: true } : {})
  };
}

/** The server part's restore answer. */
export function toRestoreResult(answer: IServerRestore): IRestoreResult {
  const maybe = (m: IServerCheckpoint | null) => (m ? toCheckpoint(m) : null);
  return {
    restored: maybe(answer.restored),
    kept: maybe(answer.kept),
    rollback: maybe(answer.rollback),
    warning: answer.warning || null,
    checkpoints: answer.checkpoints.map(toCheckpoint)
  };
}

/** A deleted file's kept history. */
export function toDeletedFile(e: IServerDeletedFile): IDeletedFile {
  return {
    path: e.path,
    deleted: e.deleted,
    expires: e.expires,
    checkpoints: e.checkpoints.map(toCheckpoint),
    bytes: optionalBytes(e.bytes)
  };
}

type Json = { [key: string]: unknown };

function object(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(object) : [];
}

/** A count or a byte size: a finite number not below 0, else 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : 0;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `bytes` and `objects` of a group of pieces. */
function pieces(value: unknown): { objects: number; bytes: number } {
  const o = object(value);
  return { objects: count(o.objects), bytes: count(o.bytes) };
}

/** The `store` figures of `GET info` or `POST cleanup`. */
export function toStoreFigures(value: unknown): IStoreFigures {
  const o = object(value);
  return {
    root: text(o.root),
    bytes: optionalBytes(o.bytes),
    files: count(o.files),
    objects: count(o.objects),
    fallback: typeof o.fallback === 'string' && o.fallback ? o.fallback : null,
    gitignore: o.gitignore !== false
  };
}

/** `GET info` (with `?path=`): the store's figures and the file's. */
export function toUsage(value: unknown): IUsage {
  const o = object(value);
  const file = o.file === undefined || o.file === null ? null : object(o.file);
  return {
    store: toStoreFigures(o.store),
    file: file
      ? {
          path: text(file.path),
          bytes: optionalBytes(file.bytes),
          objects: count(file.objects),
          checkpoints: count(file.checkpoints)
        }
      : null
  };
}

/** A byte size, or null when the server does not send one (an older server). */
export function optionalBytes(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : null;
}

/** `GET cleanup`: what a clean-up would free. */
export function toCleanupPlan(value: unknown): ICleanupPlan {
  const o = object(value);
  const days = o.deleted_older_than_days;
  return {
    olderThanDays:
      typeof days === 'number' && Number.isFinite(days) ? days : null,
    unreferenced: pieces(o.unreferenced),
    deleted: list(o.deleted).map((d): ICleanupHistory => ({
      path: text(d.path),
      deleted: text(d.deleted),
      bytes: count(d.bytes),
      checkpoints: count(d.checkpoints)
    })),
    pinnedKept: list(o.pinned_kept).map(d => ({
      path: text(d.path),
      deleted: text(d.deleted)
    })),
    waiting: pieces(o.waiting),
    bytes: count(o.bytes)
  };
}

/** `POST cleanup`: what was freed. */
export function toCleanupResult(value: unknown): ICleanupResult {
  const o = object(value);
  return {
    freedBytes: count(o.freed_bytes),
    objectsRemoved: count(o.objects_removed),
    historiesRemoved: count(o.histories_removed),
    store: o.store === undefined ? null : toStoreFigures(o.store)
  };
}

/** Whether a plan frees anything at all (then the dialog only says so). */
export function planIsEmpty(plan: ICleanupPlan): boolean {
  return (
    plan.bytes <= 0 &&
    plan.deleted.length === 0 &&
    plan.unreferenced.objects === 0
  );
}
