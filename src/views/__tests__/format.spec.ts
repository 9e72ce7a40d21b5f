import { nullTranslator } from '@jupyterlab/translation';
import {
  checkpointTitle,
  formatDuration,
  formatSize,
  relativeTime,
  sameMinuteIds
} from '../format';

const trans = nullTranslator.load('jupyterlab_checkpoints');

describe('format', () => {
  it('says how long ago, in words', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(relativeTime('2026-11-23T11:55:00Z', now, { locale: 'en' })).toBe(
      '5 minutes ago'
    );
    expect(relativeTime('2026-11-23T11:59:58Z', now, { locale: 'en' })).toBe(
      'now'
    );
    expect(relativeTime('2026-11-21T12:00:00Z', now, { locale: 'en' })).toBe(
      '2 days ago'
    );
  });

  it('writes durations and times ago in one wording, and reads a time ahead as now', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const options = { locale: 'en' };
    expect(relativeTime(now - 2 * 60000, now, options)).toBe('2 minutes ago');
    expect(formatDuration(120, options)).toBe('2 minutes');
    expect(formatDuration(90, options)).toBe('1.5 minutes');
    expect(formatDuration(30, options)).toBe('30 seconds');
    expect(formatDuration(7200, options)).toBe('2 hours');
    expect(relativeTime(now + 5 * 60000, now, options)).toBe('now');
  });

  it('tells apart default titles of the same minute by their seconds', () => {
    const at = (id: string, time: string, label = '') => ({
      id,
      lastModified: time,
      label,
      kind: 'save' as const
    });
    const ids = sameMinuteIds([
      at('a', '2026-11-23T11:04:05Z'),
      at('b', '2026-11-23T11:04:40Z'),
      at('c', '2026-11-23T11:05:10Z'),
      at('d', '2026-11-23T11:05:20Z', 'Named')
    ]);
    expect([...ids].sort()).toEqual(['a', 'b']);
    const c = { ...at('a', '2026-11-23T11:04:05Z'), pinned: false, size: 1 };
    const plain = checkpointTitle(c, trans);
    const precise = checkpointTitle(c, trans, { seconds: true });
    expect(precise).not.toBe(plain);
    expect(precise).toMatch(/05/);
  });

  it('formats sizes', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatSize(null)).toBe('');
  });

  it('uses the label, or the kind and time', () => {
    const c = {
      id: 'x',
      lastModified: '2026-11-23T12:00:00Z',
      label: '',
      kind: 'auto' as const,
      pinned: false,
      size: 1
    };
    expect(checkpointTitle(c, trans)).toMatch(/^Automatic checkpoint · /);
    expect(checkpointTitle({ ...c, label: 'Named' }, trans)).toBe('Named');
  });
});
