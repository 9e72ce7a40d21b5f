import { snippetParts } from '../snippet';

describe('snippetParts', () => {
  it('splits a snippet around its match', () => {
    expect(snippetParts('x = load(path)', [4, 8])).toEqual([
      { text: 'x = ', match: false },
      { text: 'load', match: true },
      { text: '(path)', match: false }
    ]);
  });

  it('keeps hostile text as text: markup is never parsed', () => {
    const snippet = '<img src=x onerror="alert(1)"><script>steal()</script>';
    const parts = snippetParts(snippet, [11, 18]);
    expect(parts.map(p => p.text).join('')).toBe(snippet);
    expect(parts.find(p => p.match)?.text).toBe('onerror');
  });

  it('counts offsets in code points, as the server does', () => {
    // Each emoji is two UTF-16 units but one code point.
    expect(snippetParts('🐍🐍 needle!', [3, 9])).toEqual([
      { text: '🐍🐍 ', match: false },
      { text: 'needle', match: true },
      { text: '!', match: false }
    ]);
  });

  it('clamps offsets out of range and highlights nothing for an empty or inverted range', () => {
    expect(snippetParts('abc', [1, 99])).toEqual([
      { text: 'a', match: false },
      { text: 'bc', match: true }
    ]);
    expect(snippetParts('abc', [-5, 1])).toEqual([
      { text: 'a', match: true },
      { text: 'bc', match: false }
    ]);
    expect(snippetParts('abc', [2, 1])).toEqual([
      { text: 'abc', match: false }
    ]);
    expect(snippetParts('abc', [NaN, NaN] as any)).toEqual([
      { text: 'abc', match: false }
    ]);
    expect(snippetParts('', [0, 3])).toEqual([]);
  });
});
