/**
 * When an automatic checkpoint also saves the kernel's variables. A snapshot costs a pass over the
 * whole namespace, and automatic checkpoints follow every run of cells: so at most one every
 * `everyMinutes` per notebook, never with a kernel running a cell, and never with 0 minutes.
 */
export function autoSnapshotDue(options: {
  everyMinutes: number;
  /** Time (ms since the epoch) of the notebook's last variables snapshot; null when none is known. */
  last: number | null;
  now: number;
  /** The kernel's status as the page sees it ('idle', 'busy', 'starting'...). */
  kernelStatus: string;
}): boolean {
  const { everyMinutes, last, now, kernelStatus } = options;
  if (!(everyMinutes > 0) || kernelStatus !== 'idle') {
    return false;
  }
  return last === null || now - last >= everyMinutes * 60_000;
}
