/**
 * Pure decisions of automatic checkpoints: skip unchanged content, and coalesce bursts into the
 * newest automatic checkpoint within the minimum spacing.
 */

/** The kinds of automatic checkpoints planned here (`unsaved`: edits left idle, idleCheckpoint.ts). */
export type CoalescedKind = 'auto' | 'failure' | 'unsaved';

/** The automatic checkpoint this session made last for one document. */
export interface IAutoRecord {
  id: string;
  path: string;
  kind: CoalescedKind;
  label: string;
  /** ms since epoch. */
  createdAt: number;
  /**
   * When the series of checkpoints this one replaced began (ms). A series ends `minSpacing` after
   * it began, so at least one automatic checkpoint per spacing period survives a long burst.
   */
  seriesStart: number;
}

export interface IPlanInput {
  /** Whether the document changed since its last automatic checkpoint (this session); true before the first. */
  changed: boolean;
  last: IAutoRecord | null;
  kind: CoalescedKind;
  path: string;
  now: number;
  minSpacingMs: number;
}

export type Plan =
  | { create: false; reason: 'unchanged' }
  | { create: true; replaceId: string | null; seriesStart: number };

/**
 * Whether to make a checkpoint, and whether it stands in for the previous one:
 * - nothing changed since the last automatic checkpoint: none;
 * - a plain `auto` after a plain `auto` of the same path (or `unsaved` after `unsaved`), within
 *   `minSpacing` of the start of its series: create, then remove the previous one (`replaceId`);
 * - otherwise create and keep everything. Failure checkpoints are never replaced, and never replace.
 */
export function planCheckpoint(input: IPlanInput): Plan {
  const { changed, last, kind, path, now, minSpacingMs } = input;
  if (!changed) {
    return { create: false, reason: 'unchanged' };
  }
  const replace =
    last !== null &&
    minSpacingMs > 0 &&
    last.kind === kind &&
    kind !== 'failure' &&
    last.path === path &&
    now >= last.seriesStart &&
    now - last.seriesStart < minSpacingMs;
  return replace
    ? { create: true, replaceId: last!.id, seriesStart: last!.seriesStart }
    : { create: true, replaceId: null, seriesStart: now };
}

/** The part of a listed checkpoint this module reads. */
export interface IListedLike {
  id: string;
  kind: string;
  label: string;
  pinned: boolean;
}

/**
 * Whether the previous automatic checkpoint may really be removed, judged on the current list:
 * it must still exist, not be the one just created (a stock server keeps a single checkpoint whose
 * id never changes), still be an unpinned checkpoint of the kind and label this session gave it (the
 * user may have pinned or renamed it since, a save of the same content may have made it a `save`).
 */
export function mayRemove(
  previous: IAutoRecord,
  createdId: string,
  listed: readonly IListedLike[]
): boolean {
  if (previous.id === createdId) {
    return false;
  }
  const now = listed.find(c => c.id === previous.id);
  return (
    !!now &&
    now.kind === previous.kind &&
    previous.kind !== 'failure' &&
    !now.pinned &&
    now.label === previous.label
  );
}

/** What `replacePrevious` needs of the checkpoints service. */
export interface IListRemove {
  list(path: string): Promise<readonly IListedLike[]>;
  remove(path: string, id: string): Promise<unknown>;
}

/**
 * Within the spacing the newest automatic checkpoint stands for the burst: remove the previous one,
 * judged on the list read again (see `mayRemove`), so that one the user pinned or renamed meanwhile
 * stays. The removed id, or null.
 */
export async function replacePrevious(
  service: IListRemove,
  path: string,
  previous: IAutoRecord,
  createdId: string
): Promise<string | null> {
  const listed = await service.list(path);
  if (!mayRemove(previous, createdId, listed)) {
    return null;
  }
  await service.remove(path, previous.id);
  return previous.id;
}
