import { nullTranslator } from '@jupyterlab/translation';
import { checkpointTitle, formatSize, relativeTime } from '../views/format';

const trans = nullTranslator.load('jupyterlab_checkpoints');

describe('format', () => {
  it('says how long ago, in words', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(relativeTime('2026-11-23T11:55:00Z', now, 'en')).toBe(
      '5 minutes ago'
    );
    expect(relativeTime('2026-11-23T11:59:58Z', now, 'en')).toBe('now');
    expect(relativeTime('2026-11-21T12:00:00Z', now, 'en')).toBe('2 days ago');
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
