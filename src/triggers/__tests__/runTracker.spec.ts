import { RunGroup } from '../runGroup';
import { ICellLike, RunTracker } from '../runTracker';

interface IFakeCell extends ICellLike {
  isDisposed: boolean;
  model: { type: string; executionState: string; outputs?: any };
}

function cell(type = 'code'): IFakeCell {
  return { isDisposed: false, model: { type, executionState: 'idle' } };
}

function notebook(n: number) {
  return { widgets: Array.from({ length: n }, () => cell()) };
}

describe('RunTracker', () => {
  let drained: [unknown, RunGroup][];
  let tracker: RunTracker<{ widgets: IFakeCell[] }>;

  beforeEach(() => {
    jest.useFakeTimers();
    drained = [];
    tracker = new RunTracker({
      quietMs: 500,
      watchdogMs: 1000,
      onDrained: (nb, g) => drained.push([nb, g])
    });
  });

  afterEach(() => {
    tracker.dispose();
    jest.useRealTimers();
  });

  /** Schedule all, then finish them one by one, as Run All does. */
  function runAll(
    nb: { widgets: IFakeCell[] },
    cells = nb.widgets,
    fail?: number
  ): void {
    for (const c of cells) {
      c.model.executionState = 'running';
      tracker.scheduled(nb, c);
    }
    cells.forEach((c, i) => {
      c.model.executionState = 'idle';
      tracker.executed(
        nb,
        c,
        i !== fail,
        i === fail ? { errorName: 'ValueError' } : undefined
      );
    });
  }

  it('hands over one group of 50 cells once the queue drains and stays quiet', () => {
    const nb = notebook(50);
    runAll(nb);
    expect(drained).toHaveLength(0);
    jest.advanceTimersByTime(499);
    expect(drained).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(drained).toHaveLength(1);
    expect(drained[0][1].size).toBe(50);
    expect(drained[0][1].cellNumbers).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1)
    );
  });

  it('keeps Shift+Enter in a row (within the quiet period) in one group', () => {
    const nb = notebook(5);
    for (const c of nb.widgets) {
      runAll(nb, [c]);
      jest.advanceTimersByTime(300);
    }
    expect(drained).toHaveLength(0);
    jest.advanceTimersByTime(500);
    expect(drained).toHaveLength(1);
    expect(drained[0][1].size).toBe(5);
  });

  it('does not hand over while a cell is still pending', () => {
    const nb = notebook(3);
    const [a, b] = nb.widgets;
    a.model.executionState = b.model.executionState = 'running';
    tracker.scheduled(nb, a);
    tracker.scheduled(nb, b);
    tracker.executed(nb, a, true);
    jest.advanceTimersByTime(800);
    expect(drained).toHaveLength(0);
    expect(tracker.pendingCount(nb)).toBe(1);
    tracker.executed(nb, b, true);
    jest.advanceTimersByTime(500);
    expect(drained).toHaveLength(1);
  });

  it('drops cancelled runs that never report (kernel restart), then hands over', () => {
    const nb = notebook(3);
    const [a, b, c] = nb.widgets;
    for (const x of [a, b, c]) {
      x.model.executionState = 'running';
      tracker.scheduled(nb, x);
    }
    a.model.executionState = 'idle';
    tracker.executed(nb, a, true);
    // Restart: b and c are cancelled, JupyterLab emits no `executed` for them.
    b.model.executionState = 'idle';
    c.isDisposed = true;
    jest.advanceTimersByTime(1000);
    expect(tracker.pendingCount(nb)).toBe(0);
    jest.advanceTimersByTime(500);
    expect(drained).toHaveLength(1);
    expect(drained[0][1].size).toBe(1);
  });

  it('counts a cell run again while queued once', () => {
    const nb = notebook(1);
    const [a] = nb.widgets;
    a.model.executionState = 'running';
    tracker.scheduled(nb, a);
    tracker.scheduled(nb, a);
    tracker.executed(nb, a, true);
    expect(tracker.pendingCount(nb)).toBe(0);
  });

  it('records failures with their error name and keeps notebooks apart', () => {
    const one = notebook(3);
    const two = notebook(2);
    runAll(one, one.widgets, 1);
    runAll(two);
    jest.advanceTimersByTime(500);
    expect(drained).toHaveLength(2);
    const g1 = drained.find(([nb]) => nb === one)![1];
    expect(g1.failed).toBe(true);
    expect(g1.failure).toMatchObject({ index: 1, errorName: 'ValueError' });
    expect(drained.find(([nb]) => nb === two)![1].failed).toBe(false);
  });

  it('forgets a closed notebook without handing anything over', () => {
    const nb = notebook(2);
    runAll(nb);
    tracker.forget(nb);
    jest.advanceTimersByTime(5000);
    expect(drained).toHaveLength(0);
  });
});
