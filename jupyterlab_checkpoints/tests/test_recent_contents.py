"""A create after a small change takes the digests of unchanged pieces from the file's previous content
(byte comparison) instead of hashing them, and never takes a digest for bytes that differ."""

import hashlib

from jupyterlab_checkpoints.contents.notebook_writer import notebook_bytes
from jupyterlab_checkpoints.store.recent import RecentContents
from jupyterlab_checkpoints.store.snapshot import Planned, split_notebook

from .conftest import notebook


def pieces_of(raw):
    return [(hashlib.sha256(v).hexdigest(), v) for v in split_notebook(raw)]


def test_only_changed_pieces_are_unknown_and_known_digests_are_right():
    recent = RecentContents()
    before = notebook_bytes(notebook(["a = 1", "b = 2", "c = 3"]))
    recent.remember(("s", "n.ipynb"), pieces_of(before))
    after = notebook_bytes(notebook(["a = 1", "b = 22", "c = 3"]))
    views = split_notebook(after)
    known = recent.known(("s", "n.ipynb"), after, views)
    assert [d is None for d in known] == [bytes(v) not in before for v in views]
    assert sum(d is None for d in known) == 1  # the changed cell only
    assert all(d == hashlib.sha256(v).hexdigest() for d, v in zip(known, views, strict=True) if d)
    assert recent.known(("s", "other.ipynb"), after, views) == [None] * len(views)
    assert recent.same(("s", "n.ipynb"), after) is None


def test_the_same_content_is_not_cut_again():
    recent = RecentContents()
    raw = notebook_bytes(notebook(["a = 1", "b = 2"]))
    recent.remember(("s", "n.ipynb"), pieces_of(raw))
    copy = bytes(bytearray(raw))  # equal bytes, another object
    same = recent.same(("s", "n.ipynb"), copy)
    assert [(d, bytes(v)) for d, v in same] == [(d, bytes(v)) for d, v in pieces_of(raw)]
    assert all(v.obj is copy for _, v in same)  # views of the bytes asked about


def test_a_piece_of_the_same_length_and_middle_is_compared_not_trusted():
    recent = RecentContents()
    before = notebook_bytes(notebook(["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "A"]))
    after = before.replace(b'xA"', b'xB"')
    assert len(after) == len(before) and after != before
    recent.remember(("s", "n.ipynb"), pieces_of(before))
    views = split_notebook(after)
    known = recent.known(("s", "n.ipynb"), after, views)
    assert Planned(after, True).content == {
        "type": "chunked",
        "index": hashlib.sha256(
            b"".join(bytes.fromhex(d or hashlib.sha256(v).hexdigest()) for d, v in zip(known, views, strict=True))
        ).hexdigest(),
    }
    assert any(d is None for d in known)


def test_budget_keeps_the_most_recent():
    raws = [notebook_bytes(notebook([f"v = {i}" * 40])) for i in range(6)]
    assert len({len(r) for r in raws}) == 1
    recent = RecentContents(budget=4 * len(raws[0]))  # room for four
    for i, raw in enumerate(raws):
        recent.remember(("s", f"{i}.ipynb"), pieces_of(raw))
    assert recent.size == 4 * len(raws[0])
    for i, raw in enumerate(raws):
        known = recent.known(("s", f"{i}.ipynb"), raw, split_notebook(raw))
        assert (None in known) == (i < 2)
