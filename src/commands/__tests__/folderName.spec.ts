import { extractTarget, numberedTarget } from '../folderName';

describe('extractTarget', () => {
  // Local time, as the panel shows it.
  const created = new Date(2026, 10, 3, 9, 5).toISOString();

  it('names the copy beside the folder, with the date and a dotted time', () => {
    expect(extractTarget('work/data', created)).toBe(
      'work/data (checkpoint 2026-11-03 09.05)'
    );
  });

  it('puts a top-level folder copy in the root', () => {
    expect(extractTarget('/data/', created)).toBe(
      'data (checkpoint 2026-11-03 09.05)'
    );
  });

  it('names a copy of the root folder after the checkpoint alone', () => {
    expect(extractTarget('', created)).toBe('checkpoint 2026-11-03 09.05');
  });

  it('numbers later copies', () => {
    expect(numberedTarget('a', 1)).toBe('a');
    expect(numberedTarget('a', 2)).toBe('a (2)');
  });
});
