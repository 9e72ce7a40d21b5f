"""The summary strip and counts, over random edits of a notebook (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ..history.changes import align, notebook_summary
from ..history.pieces import Cell, CellPart, NotebookCells


def cells(spec):
    """(id, source, outputs) triples as cells."""
    return tuple(
        Cell(CellPart.of({"cell_type": "code", "id": cid, "source": src, "metadata": {}, "outputs": []}), (out,))
        for cid, src, out in spec
    )


@st.composite
def edits(draw):
    n = draw(st.integers(0, 12))
    old = [(f"c{i}", f"s{i}", "o") for i in range(n)]
    new = [c for c in old if not draw(st.booleans()) or len(old) < 2]
    new = draw(st.permutations(new)) if draw(st.booleans()) else new
    new = [
        (cid, src + ("x" if draw(st.booleans()) else ""), out + ("y" if draw(st.booleans()) else ""))
        for cid, src, out in new
    ]
    for k in range(draw(st.integers(0, 3))):
        new.insert(draw(st.integers(0, len(new))), (f"n{k}", f"new{k}", "o"))
    return old, new


@settings(max_examples=300, deadline=None)
@given(edits())
def test_strip_accounts_for_every_cell(pair):
    old_spec, new_spec = pair
    old, new = NotebookCells(cells(old_spec), "m"), NotebookCells(cells(new_spec), "m")
    s = notebook_summary(old, new)
    strip = s["strip"]
    old_ids, new_ids = [c[0] for c in old_spec], [c[0] for c in new_spec]
    assert len(strip) == len(new_ids) + len(set(old_ids) - set(new_ids))
    assert s["removed"] == strip.count("r") == len(set(old_ids) - set(new_ids))
    assert s["added"] == strip.count("a") == len(set(new_ids) - set(old_ids))
    assert s["cells"] == len(new_ids) == len(strip) - strip.count("r")
    # Without the removed ticks, the strip follows the new order, one tick per cell.
    kept = [c for c in strip if c != "r"]
    before = dict((c[0], c) for c in old_spec)
    for tick, (cid, src, out) in zip(kept, new_spec, strict=True):
        if cid not in before:
            assert tick == "a"
        elif before[cid][1] != src:
            assert tick == "e"
        elif before[cid][2] != out:
            assert tick == "o"
        else:
            assert tick == "u"


def test_removed_cells_stand_after_their_old_neighbour():
    old = cells([("a", "A", ""), ("b", "B", ""), ("c", "C", ""), ("d", "D", "")])
    new = cells([("c", "C", ""), ("a", "A", "")])
    # b stood after a (now last), d after c (now first): each removed tick follows its old neighbour.
    assert notebook_summary(NotebookCells(old, 1), NotebookCells(new, 1))["strip"] == "urur"
    assert align(old, new) == [2, 0]
    first = cells([("x", "X", ""), ("a", "A", "")])
    assert notebook_summary(NotebookCells(first, 1), NotebookCells(cells([("a", "A", "")]), 1))["strip"] == "ru"
