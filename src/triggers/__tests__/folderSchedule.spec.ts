import { FolderSchedule } from '../folderSchedule';

/** Let the settled promise's handlers run (the schedule's busy flag clears in a `finally`). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}

describe('FolderSchedule', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('checkpoints nothing before a first manual folder checkpoint', () => {
    const made: string[] = [];
    const schedule = new FolderSchedule(async path => made.push(path));
    schedule.setMinutes(1);
    jest.advanceTimersByTime(5 * 60000);
    expect(made).toEqual([]);
    schedule.dispose();
  });

  it('checkpoints the last manually checkpointed folder every period', async () => {
    const made: string[] = [];
    const schedule = new FolderSchedule(async path => made.push(path));
    schedule.setMinutes(2);
    schedule.setFolder('a');
    jest.advanceTimersByTime(60000);
    expect(made).toEqual([]);
    jest.advanceTimersByTime(60000);
    await settle();
    schedule.setFolder('b');
    jest.advanceTimersByTime(2 * 60000);
    await settle();
    expect(made).toEqual(['a', 'b']);
    schedule.dispose();
  });

  it('0 (or nonsense) turns the schedule off', () => {
    const made: string[] = [];
    const schedule = new FolderSchedule(async path => made.push(path));
    schedule.setFolder('a');
    schedule.setMinutes(1);
    schedule.setMinutes(0);
    jest.advanceTimersByTime(10 * 60000);
    schedule.setMinutes(NaN);
    jest.advanceTimersByTime(10 * 60000);
    expect(made).toEqual([]);
    expect(schedule.minutes).toBe(0);
  });

  it('never stacks a request on a slow one', async () => {
    let calls = 0;
    let finish = () => undefined as void;
    const schedule = new FolderSchedule(() => {
      calls++;
      return new Promise<void>(resolve => (finish = resolve));
    });
    schedule.setFolder('a');
    schedule.setMinutes(1);
    jest.advanceTimersByTime(3 * 60000);
    expect(calls).toBe(1);
    finish();
    await settle();
    jest.advanceTimersByTime(60000);
    expect(calls).toBe(2);
    schedule.dispose();
  });
});
