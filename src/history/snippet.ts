/** A piece of a search snippet: the match or the text around it. */
export interface ISnippetPart {
  text: string;
  match: boolean;
}

/**
 * Split a snippet around its match, for rendering as text (never as HTML). The server's offsets
 * count code points (Python strings): they are mapped onto code points here, so an emoji or any
 * character outside the BMP before the match does not shift the highlight. Offsets out of range
 * are clamped; an empty or inverted range highlights nothing.
 */
export function snippetParts(
  snippet: string,
  match: readonly [number, number]
): ISnippetPart[] {
  const points = Array.from(snippet);
  const clamp = (n: number) =>
    Math.max(0, Math.min(points.length, Math.trunc(Number(n) || 0)));
  const start = clamp(match[0]);
  const end = clamp(match[1]);
  if (end <= start) {
    return snippet ? [{ text: snippet, match: false }] : [];
  }
  const parts: ISnippetPart[] = [
    { text: points.slice(0, start).join(''), match: false },
    { text: points.slice(start, end).join(''), match: true },
    { text: points.slice(end).join(''), match: false }
  ];
  return parts.filter(p => p.text);
}
