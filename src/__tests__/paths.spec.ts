import { normalizePath, samePath } from '../paths';

describe('paths', () => {
  it('drop the leading slashes REST paths carry', () => {
    expect(normalizePath('/dir/nb.ipynb')).toBe('dir/nb.ipynb');
    expect(normalizePath('//nb.ipynb')).toBe('nb.ipynb');
    expect(normalizePath('nb.ipynb')).toBe('nb.ipynb');
  });

  it('drop the shared drive of real-time collaboration, nothing else', () => {
    expect(normalizePath('RTC:dir/nb.ipynb')).toBe('dir/nb.ipynb');
    expect(normalizePath('notes:2026.ipynb')).toBe('notes:2026.ipynb');
    expect(samePath('RTC:a/b.ipynb', '/a/b.ipynb')).toBe(true);
  });

  it('compare whatever the leading slashes', () => {
    expect(samePath('/a/b.ipynb', 'a/b.ipynb')).toBe(true);
    expect(samePath('a/b.ipynb', 'a/c.ipynb')).toBe(false);
  });
});
