"""Text search over every checkpoint of one file: cell sources and text outputs, or a text file's lines.

The query is plain text matched case-insensitively with `str.find` over lowered text (linear in the text,
never a pattern: Python's `re` held the interpreter lock for seconds on a long query over a large cell).
The query is at most MAX_QUERY characters, and a search stops after TIME_BUDGET seconds with what it
found (`truncated` and `stopped_early` true), so one search never keeps the server's worker busy for
long. Each distinct
searched content is looked at once: a cell's source once per distinct source, its outputs once per
distinct output list, however many checkpoints hold them; a hit names the newest checkpoint holding it
and counts the others (`also`). Binary outputs (images, PDFs, widget state) are never searched as
text, so base64 data cannot match; a query asking for images lists image outputs instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .cache import LRU
from .entries import UNREADABLE, Entry
from .pieces import Layout, NotebookCells, joined, read_output

MAX_QUERY = 200
TIME_BUDGET = 5.0  # seconds of one search; past it the answer says it stopped early
MAX_LIMIT = 500
DEFAULT_LIMIT = 100
SNIPPET = 120
IMAGE_QUERIES = frozenset({"image", "images", "plot", "plots", "figure", "chart", "png"})
TEXT_MIMES = ("text/plain", "text/markdown", "text/html")


@dataclass(frozen=True)
class OutputText:
    texts: tuple[str, ...]
    images: tuple[str, ...]  # image mime types

    @property
    def weight(self) -> int:
        return 128 + sum(map(len, self.texts))


def output_text(out: dict) -> OutputText:
    """What of one output is searchable text, and which images it shows."""
    kind = out.get("output_type")
    texts: list[str] = []
    images: list[str] = []
    if kind == "stream":
        texts.append(joined(out.get("text")))
    elif kind == "error":
        texts.append(f"{joined(out.get('ename'))}: {joined(out.get('evalue'))}")
    data = out.get("data")
    if isinstance(data, dict):
        texts.extend(joined(data[m]) for m in TEXT_MIMES if m in data)
        images.extend(m for m in data if isinstance(m, str) and m.startswith("image/"))
    return OutputText(tuple(t for t in texts if t), tuple(images))


# Searchable text of outputs by piece digest: a warm search reads no output pieces.
_OUTPUTS: LRU[OutputText] = LRU(32 * 1024 * 1024, weigh=lambda o: o.weight)


def _outputs_of(entry: Entry, nb: NotebookCells, digest: str) -> OutputText:
    def make() -> OutputText:
        try:
            return output_text(read_output(entry.objects, nb, digest))
        except (*UNREADABLE, Layout):
            return OutputText((), ())

    return _OUTPUTS.get_or(digest, make)


def snippet(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """About SNIPPET characters around text[start:end] on one line; the match's offsets inside it."""
    room = max(0, SNIPPET - (end - start))
    a = max(0, start - room // 2)
    b = min(len(text), end + room - (start - a))
    a = max(0, min(a, b - SNIPPET))
    # Same length replacements: the offsets stay right.
    part = text[a:b].replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return part, [start - a, end - a]


class Needle:
    """Case-insensitive plain-text search in linear time: `str.find` over the lowered text. Lowering
    may change a text's length (a few letters, such as 'İ'); offsets are then mapped back."""

    def __init__(self, query: str):
        self.lowered = query.lower()

    def finditer(self, text: str):
        """(start, end) in `text` of each match, left to right, not overlapping."""
        hay = text.lower()
        origin = None if len(hay) == len(text) else _origins(text)
        size = len(self.lowered)
        at = hay.find(self.lowered)
        while at >= 0:
            yield (at, at + size) if origin is None else (origin[at], origin[at + size - 1] + 1)
            at = hay.find(self.lowered, at + size)

    def search(self, text: str) -> tuple[int, int] | None:
        return next(self.finditer(text), None)


def _origins(text: str) -> list[int]:
    """For each character of text.lower(), the index in `text` of the character it comes from."""
    out: list[int] = []
    for i, ch in enumerate(text):
        out.extend([i] * len(ch.lower()))
    return out


class OutOfTime(Exception):
    pass


class Search:
    def __init__(self, entries: list[Entry], query: str, limit: int, budget: float | None = None):
        self.entries = entries
        self.query = query
        self.limit = limit
        self.needle = Needle(query)
        self.images = query.strip().lower() in IMAGE_QUERIES
        self.hits: list[dict] = []
        self.truncated = False
        self.stopped_early = False
        self.deadline = time.monotonic() + (TIME_BUDGET if budget is None else budget)

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise OutOfTime

    def _hit(self, entry: Entry, also: int, cell: str | None, index: int, where: str, text: str, found) -> bool:
        """Adds a hit (`found`: the match's (start, end) in `text`); False once past the limit (the answer
        is then truncated)."""
        if len(self.hits) >= self.limit:
            self.truncated = True
            return False
        if found is None:  # an image: the snippet names its type
            part, span = text, [0, len(text)]
        else:
            part, span = snippet(text, *found)
        self.hits.append(
            {"checkpoint": entry.ref, "also": also, "cell": cell, "index": index, "where": where,
             "snippet": part, "match": span}
        )  # fmt: skip
        return True

    def run(self) -> dict:
        try:
            self._run()
        except OutOfTime:
            self.truncated = self.stopped_early = True
        return {
            "query": self.query,
            "hits": self.hits,
            "truncated": self.truncated,
            "stopped_early": self.stopped_early,
        }

    def _run(self) -> None:
        newest_first = list(reversed(self.entries))
        # First: which checkpoints hold each searched content (cheap: keys only), for `also`.
        places: dict[tuple, list] = {}
        for entry in newest_first:
            try:
                for key, where in self._contents(entry):
                    self._check_time()
                    places.setdefault(key, []).append((entry, where))
            except UNREADABLE:
                continue
        for key, holders in places.items():
            self._check_time()
            entry, where = holders[0]
            also = len({id(e) for e, _ in holders}) - 1
            if not self._search(key, entry, where, also):
                break

    def _contents(self, entry: Entry):
        if not entry.notebook:
            yield from self._matching_lines(entry)
            return
        nb = entry.cells()
        for i, cell in enumerate(nb.cells):
            ident = cell.id
            yield ("source", ident, cell.part.cell_type, cell.part.source), (nb, i, cell)
            if cell.outputs:
                yield ("outputs", ident, cell.outputs), (nb, i, cell)

    def _matching_lines(self, entry: Entry):
        """A text file's lines that match, with the first match in each. The whole file is scanned at
        once, not line by line; an ASCII query scans the bytes lowered (same length, so offsets hold)
        with bytes.find, several times faster than a case-insensitive pattern."""
        raw = entry.raw()
        if b"\0" in raw[:8192]:
            return  # a binary file, as git tells them apart
        if self.query.isascii():
            hay, needle = raw.lower(), self.query.lower().encode()
            found = _finds(hay, needle)
            nl, decode = b"\n", lambda b: b.decode("utf-8", "replace")
        else:
            hay = entry.text()
            found = self.needle.finditer(hay)
            nl, decode = "\n", lambda t: t
        line_end = -1
        line_no, counted = 0, 0
        for start_at, end_at in found:
            if start_at < line_end:
                continue  # a second match on a line already found
            start = hay.rfind(nl, 0, start_at) + 1
            line_end = hay.find(nl, start_at)
            line_end = len(hay) if line_end < 0 else line_end
            line_no += hay.count(nl, counted, start)
            counted = start
            source = raw if nl == b"\n" else hay
            before, match = decode(source[start:start_at]), decode(source[start_at : min(end_at, line_end)])
            span = (len(before), len(before) + len(match))
            yield ("line", line_no, decode(source[start:line_end])), (None, line_no, span)

    def _search(self, key: tuple, entry: Entry, where: tuple, also: int) -> bool:
        nb, index, cell = where  # for a text file's line: (None, line number, the match's span)
        if key[0] == "line":
            return self._hit(entry, also, None, index, "source", key[2], cell)
        if key[0] == "source":
            m = self.needle.search(cell.part.source)
            return m is None or self._hit(entry, also, cell.id, index, "source", cell.part.source, m)
        shown = [_outputs_of(entry, nb, d) for d in cell.outputs]
        # The first match in the outputs, in order: one hit for the cell's outputs.
        found = next(((t, m) for out in shown for t in out.texts if (m := self.needle.search(t))), None)
        if found is not None and not self._hit(entry, also, cell.id, index, "output", found[0], found[1]):
            return False
        images = [mime for out in shown for mime in out.images]
        if self.images and images:
            return self._hit(entry, also, cell.id, index, "image", ", ".join(dict.fromkeys(images)), None)
        return True


def _finds(hay: bytes, needle: bytes):
    at = hay.find(needle)
    while at >= 0:
        yield at, at + len(needle)
        at = hay.find(needle, at + len(needle))


def search(entries: list[Entry], query: str, limit: int, budget: float | None = None) -> dict:
    return Search(entries, query, limit, budget).run()
