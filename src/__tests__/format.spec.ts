import { nullTranslator } from '@jupyterlab/translation';
import { checkpointTitle, formatSize, relativeTime } from '../views/format';

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

  it('has a short wording for the status bar, and reads a time ahead as now', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const options = { locale: 'en', style: 'short' as const };
    expect(relativeTime(now - 4 * 60000, now, options)).toBe('4 min. ago');
    expect(relativeTime(now - 3 * 3600000, now, options)).toBe('3 hr. ago');
    expect(relativeTime(now + 5 * 60000, now, { locale: 'en' })).toBe('now');
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
