"""A restore takes the pieces the document already holds from the bytes it just read, reads only the
others from the store, and leaves the restored content as the file's previous content (recent.py); on
both backends (`make_store`: tests/backends.py)."""

import pytest

from jupyterlab_checkpoints.contents.notebook_writer import notebook_bytes
from jupyterlab_checkpoints.store.errors import NotFound
from jupyterlab_checkpoints.store.recent import RECENT
from jupyterlab_checkpoints.store.snapshot import content_pieces, recent_key

from .backends import lose_piece
from .conftest import notebook


@pytest.fixture
def setup(make_store, tmp_path):
    store = make_store()
    file = tmp_path / "n.ipynb"
    a = notebook_bytes(notebook(["a = 1", "b = 2", "c = 3"]))
    b = notebook_bytes(notebook(["a = 1", "b = 20", "c = 3"]))
    ids = []
    for raw in (a, b):
        file.write_bytes(raw)
        ids.append(store.create("n.ipynb", raw, "manual").id)

    def restore(cid):
        return store.restore("n.ipynb", cid, file.read_bytes, lambda raw: file.write_bytes(bytes(raw)))

    return store, file, a, b, ids, restore


def test_only_pieces_the_file_lacks_are_read(setup, monkeypatch):
    store, file, a, b, ids, restore = setup
    read = []
    get = store.objects.get
    monkeypatch.setattr(store.objects, "get", lambda d: read.append(d) or get(d))
    restore(ids[0])
    assert file.read_bytes() == a
    a_pieces = content_pieces(store.objects, store.get("n.ipynb", ids[0]).content)
    b_pieces = set(content_pieces(store.objects, store.get("n.ipynb", ids[1]).content))
    missing = [d for d in a_pieces if d not in b_pieces]
    assert len(missing) == 1 and [d for d in read if d in a_pieces] == missing
    # What the file holds now is its previous content: an unchanged create cuts nothing again.
    assert RECENT.same(recent_key(store.objects, "n.ipynb", True), file.read_bytes()) is not None


def test_a_missing_piece_restores_nothing(setup):
    store, file, a, b, ids, restore = setup
    a_pieces = content_pieces(store.objects, store.get("n.ipynb", ids[0]).content)
    b_pieces = set(content_pieces(store.objects, store.get("n.ipynb", ids[1]).content))
    file.write_bytes(b.replace(b"c = 3", b"c = 4"))  # a state no checkpoint holds
    (lost,) = [d for d in a_pieces if d not in b_pieces]
    lose_piece(store, lost)
    with pytest.raises(NotFound):
        restore(ids[0])
    assert file.read_bytes() == b.replace(b"c = 3", b"c = 4")
    assert [m.id for m in store.list("n.ipynb")] == ids  # no before-restore entry left behind
