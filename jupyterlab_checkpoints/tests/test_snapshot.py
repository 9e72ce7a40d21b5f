"""Notebooks are cut into per-cell and per-output pieces and joined back byte for byte."""

import nbformat
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyterlab_checkpoints.store.snapshot import _CUTS, cut_starts, split_notebook


def sample():
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [
        nbformat.v4.new_code_cell(
            "x = 'é 漢字'\n{\n  nested: [1]\n}",
            outputs=[
                nbformat.v4.new_output("stream", text="  {\n  two\n"),
                nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<img>"}),
            ],
        ),  # fmt: skip
        nbformat.v4.new_markdown_cell("# Title\n\n- item"),
    ]
    return nb


def test_pieces_join_back_exactly_and_follow_cells():
    raw = (nbformat.writes(sample()) + "\n").encode()
    pieces = [bytes(p) for p in split_notebook(raw)]
    assert b"".join(pieces) == raw
    # header, cell 1, its 2 outputs, its source, cell 2, metadata tail
    assert len(pieces) == 7
    assert b"x = " in pieces[4] and b"image/png" not in pieces[4]
    assert b"# Title" in pieces[5] and b'"metadata"' in pieces[6] and b"Title" not in pieces[6]


def test_editing_a_source_keeps_output_pieces():
    nb = sample()
    before = set(split_notebook(nbformat.writes(nb).encode()))
    nb.cells[0].source = "x = 2"
    after = split_notebook(nbformat.writes(nb).encode())
    assert len([p for p in after if p not in before]) == 1


def test_any_layout_round_trips():
    for raw in [b"", b"not json", b'{"cells":[{"a":1}],"x":"\\n  {\\n"}', bytes(range(256))]:
        assert b"".join(split_notebook(raw)) == raw


def test_garbage_collection_keeps_what_is_referenced(store):  # both backends (tests/backends.py)
    nb = sample()
    first = store.create("n.ipynb", nbformat.writes(nb).encode())
    nb.cells[0].source = "changed"
    second = store.create("n.ipynb", nbformat.writes(nb).encode())
    store.delete("n.ipynb", first.id)
    removed, freed = store.maintenance.gc(grace_seconds=0)
    assert removed == 2 and freed > 0  # the old source piece and the old piece list
    assert store.read_bytes(store.get("n.ipynb", second.id)) == nbformat.writes(nb).encode()
    assert store.maintenance.gc(grace_seconds=0) == (0, 0)


FRAGMENTS = [b"\n", b"  {\n", b"    {\n", b" ],\n", b"   ],\n", b"x" * 3000, b"ab", b"{", b"],", b" "]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=60),
    st.integers(0, 3000),
    st.sampled_from([b"\n1", b"\n ],\n1", b"\n  {\n"]),
)
def test_cut_starts_match_the_regex(parts, short_lines, line):
    # Long lines take the newline-to-newline path; many short lines switch to the regex midway.
    for raw in (b"".join(parts), b"".join(parts) + line * short_lines + b"".join(parts)):
        assert cut_starts(raw) == [m.start() for m in _CUTS.finditer(raw)]
