import { normalizePath, samePath } from '../paths';

describe('paths', () => {
  it('drop the leading slashes REST paths carry', () => {
    expect(normalizePath('/dir/nb.ipynb')).toBe('dir/nb.ipynb');
    expect(normalizePath('//nb.ipynb')).toBe('nb.ipynb');
    expect(normalizePath('nb.ipynb')).toBe('nb.ipynb');
  });

  it('compare whatever the leading slashes', () => {
    expect(samePath('/a/b.ipynb', 'a/b.ipynb')).toBe(true);
    expect(samePath('a/b.ipynb', 'a/c.ipynb')).toBe(false);
  });
});
