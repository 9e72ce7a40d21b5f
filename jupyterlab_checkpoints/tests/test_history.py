"""Readable history through a real server: change summaries, a cell's versions, deleted cells."""

import json

from .history_fixtures import code, image, markdown, nb, nbformat_bytes, stream

ROUTES = (("summaries",), ("cells", "history"), ("cells", "deleted"), ("search",))


async def test_summaries_of_each_kind_of_change(history):
    a, b, c = code("a", "x = 1"), code("b", "y = 2"), markdown("c", "# Title")
    first = await history.save("n.ipynb", nb([a, b, c]))
    a_run = code("a", "x = 1", [stream("1\n")], execution_count=1)
    edited = await history.save("n.ipynb", nb([a_run, code("b", "y = 3"), c, code("d", "new")]))
    removed = await history.save("n.ipynb", nb([a_run, c, code("d", "new")]))
    moved = await history.save("n.ipynb", nb([c, a_run, code("d", "new")]))
    meta = await history.save("n.ipynb", nb([c, a_run, code("d", "new")], {"kernelspec": {"name": "py"}}))
    s = (await history.get("summaries", path="/n.ipynb"))["summaries"]
    assert list(s) == [first, edited, removed, moved, meta]
    assert s[first] == {"kind": "notebook", "first": True, "cells": 3, "added": 3, "removed": 0, "edited": 0,
                        "outputs": 0, "moved": 0, "metadata": False, "strip": "aaa"}  # fmt: skip
    assert s[edited]["strip"] == "oeua"
    assert (s[edited]["added"], s[edited]["edited"], s[edited]["outputs"], s[edited]["removed"]) == (1, 1, 1, 0)
    # The removed cell stands where it was in the older entry: after "a".
    assert s[removed]["strip"] == "uruu" and s[removed]["removed"] == 1 and s[removed]["cells"] == 3
    assert s[moved]["strip"] == "uuu" and s[moved]["moved"] == 1 and not s[moved]["metadata"]
    assert s[meta]["strip"] == "uuu" and s[meta]["metadata"] is True and s[meta]["moved"] == 0


async def test_summaries_warm_answers_equal_cold_ones(history):
    ids = [await history.save("w.ipynb", nb([code("a", f"v{i}"), code("b", "same")])) for i in range(3)]
    cold = await history.get("summaries", path="w.ipynb")
    warm = await history.get("summaries", path="w.ipynb")
    assert cold == warm and list(cold["summaries"]) == ids
    assert [s["strip"] for s in cold["summaries"].values()] == ["aa", "eu", "eu"]


async def test_summary_of_a_notebook_in_another_layout_matches(history):
    """A notebook not written by nbformat (compact JSON) is read whole, with the same answers."""
    cells = [code("a", "x"), code("b", "y")]
    await history.save("c.ipynb", None, raw=json.dumps(nb(cells)).encode())
    last = await history.save("c.ipynb", None, raw=json.dumps(nb([code("a", "x"), code("b", "z")])).encode())
    s = (await history.get("summaries", path="c.ipynb"))["summaries"]
    assert s[last]["strip"] == "ue" and s[last]["edited"] == 1


async def test_summaries_without_cell_ids_match_by_content(history):
    old = [code(None, "import os"), code(None, "f()"), markdown(None, "notes")]
    await history.save("o.ipynb", nb(old, minor=4))
    new = [code(None, "import os"), code(None, "f(1)"), code(None, "extra"), markdown(None, "notes")]
    last = await history.save("o.ipynb", nb(new, minor=4))
    s = (await history.get("summaries", path="o.ipynb"))["summaries"][last]
    assert s["strip"] == "ueau" and (s["edited"], s["added"]) == (1, 1)


async def test_summaries_of_a_text_file(history, jp_root_dir):
    first = await history.save("t.txt", None, raw=b"one\ntwo\nthree\n")
    second = await history.save("t.txt", None, raw=b"one\n2\nthree\nfour\n")
    s = (await history.get("summaries", path="t.txt"))["summaries"]
    assert s[first] == {"kind": "text", "first": True, "added_lines": 3, "removed_lines": 0}
    assert s[second] == {"kind": "text", "first": False, "added_lines": 2, "removed_lines": 1}


async def test_a_file_without_checkpoints_has_no_summaries(history):
    history.write("plain.ipynb", nb([code("a", "x")]))
    assert await history.get("summaries", path="plain.ipynb") == {"summaries": {}}


async def test_cell_history_by_id(history):
    out = [image("iVBORw0KGgo=")]
    one = await history.save("h.ipynb", nb([code("a", "plot(1)"), code("b", "x")]))
    two = await history.save("h.ipynb", nb([code("a", "plot(2)", out, 3), code("b", "y")]))
    three = await history.save("h.ipynb", nb([code("a", "plot(2)", out, 3), code("b", "z")]))
    answer = await history.get("cells", "history", path="h.ipynb", cell="a")
    assert answer["cell"] == "a"
    versions = answer["versions"]
    assert [v["checkpoints"] for v in versions] == [[three, two], [one]]
    assert versions[0]["checkpoint"]["id"] == three
    # A version is dated by where it first appeared: the oldest checkpoint holding it.
    assert [v["first"]["id"] for v in versions] == [two, one]
    assert set(versions[0]["checkpoint"]) == {"id", "created", "label", "kind", "pinned"}
    newest = versions[0]["cell"]
    assert newest["source"] == "plot(2)" and newest["id"] == "a" and newest["execution_count"] == 3
    assert newest["outputs"][0]["data"]["image/png"] == "iVBORw0KGgo="
    assert versions[1]["cell"]["source"] == "plot(1)" and versions[1]["cell"]["outputs"] == []
    await history.refused("cells", "history", code=404, path="h.ipynb", cell="nope")


async def test_cell_history_without_ids_follows_the_cell_by_content(history):
    await history.save("x.ipynb", nb([markdown(None, "intro"), code(None, "a = 1")], minor=4))
    await history.save("x.ipynb", nb([markdown(None, "intro"), code(None, "a = 2")], minor=4))
    last = await history.save("x.ipynb", nb([code(None, "new"), markdown(None, "intro"), code(None, "a = 2")], minor=4))
    answer = await history.get("cells", "history", path="x.ipynb", index="2")
    assert answer["cell"] is None
    assert [v["cell"]["source"] for v in answer["versions"]] == ["a = 2", "a = 1"]
    assert answer["versions"][0]["checkpoints"][0] == last and len(answer["versions"][0]["checkpoints"]) == 2
    # A cell added in the newest checkpoint has one version only.
    assert len((await history.get("cells", "history", path="x.ipynb", index="0"))["versions"]) == 1
    await history.refused("cells", "history", code=404, path="x.ipynb", index="3")


async def test_cell_history_refuses_bad_arguments(history):
    await history.save("b.ipynb", nb([code("a", "x")]))
    await history.refused("cells", "history", path="b.ipynb")
    await history.refused("cells", "history", path="b.ipynb", cell="a", index="0")
    for bad in ("-1", "x", "1.5", "²", "9" * 20):
        await history.refused("cells", "history", path="b.ipynb", index=bad)
    await history.refused("cells", "history", path="b.ipynb", cell="a" * 300)
    await history.save("t.txt", None, raw=b"text\n")
    await history.refused("cells", "history", path="t.txt", cell="a")


async def test_deleted_cells_with_where_they_stood(history):
    cells = [code("a", "A"), code("b", "B"), code("c", "C"), code("d", "D")]
    one = await history.save("d.ipynb", nb(cells))
    two = await history.save("d.ipynb", nb([cells[0], cells[2], code("d", "D2")]))
    history.write("d.ipynb", nb([cells[0], cells[2]]))  # saved without a checkpoint: "d" is gone too
    found = (await history.get("cells", "deleted", path="d.ipynb"))["cells"]
    assert [(f["cell"]["id"], f["checkpoint"]["id"], f["index"], f["after"], f["before"]) for f in found] == [
        ("d", two, 2, "c", None),
        ("b", one, 1, "a", "c"),
    ]
    assert found[0]["cell"]["source"] == "D2"  # the newest version


async def test_no_deleted_cells_without_ids_or_for_text(history):
    await history.save("n4.ipynb", nb([code(None, "a"), code(None, "b")], minor=4))
    history.write("n4.ipynb", nb([code(None, "a")], minor=4))
    assert await history.get("cells", "deleted", path="n4.ipynb") == {"cells": []}
    await history.save("t.txt", None, raw=b"x\n")
    assert await history.get("cells", "deleted", path="t.txt") == {"cells": []}


async def test_unknown_file_and_bad_path(history):
    for route in ROUTES:
        await history.refused(*route, code=404, path="missing.ipynb", cell="a", q="x")
        await history.refused(*route, code=400, path="../up.ipynb", cell="a", q="x")
        await history.refused(*route, code=400, cell="a", q="x")


async def test_the_legacy_checkpoint_has_a_summary_and_versions(history, jp_root_dir):
    """The one checkpoint a stock server left in .ipynb_checkpoints is part of the readable history."""
    legacy = jp_root_dir / ".ipynb_checkpoints"
    legacy.mkdir()
    (legacy / "l-checkpoint.ipynb").write_bytes(nbformat_bytes(nb([code("a", "old"), code("b", "gone")])))
    newest = await history.save("l.ipynb", nb([code("a", "new")]))
    s = (await history.get("summaries", path="l.ipynb"))["summaries"]
    assert list(s) == ["legacy", newest]
    assert s["legacy"]["strip"] == "aa" and s[newest]["strip"] == "er"
    versions = (await history.get("cells", "history", path="l.ipynb", cell="a"))["versions"]
    assert [v["checkpoints"] for v in versions] == [[newest], ["legacy"]]
    deleted = (await history.get("cells", "deleted", path="l.ipynb"))["cells"]
    assert [(d["cell"]["id"], d["checkpoint"]["id"], d["after"]) for d in deleted] == [("b", "legacy", "a")]


async def test_notebooks_saved_by_jupyter_are_read_from_their_pieces(history, api, monkeypatch):
    """What the contents API writes (nbformat's own writer) is never parsed whole for a summary."""
    from ..history import pieces

    def refuse(raw):
        raise AssertionError("a notebook in nbformat's layout was parsed whole")

    monkeypatch.setattr(pieces, "cells_from_json", refuse)
    content = nb([code("a", "x = 1\ny = 2", [stream("out\nmore\n")], 1), markdown("m", "# T\ntext")])
    await api.put_notebook("j.ipynb", content)
    await api.create("j.ipynb")
    content["cells"][0]["source"] = "x = 3"
    await api.put_notebook("j.ipynb", content)
    last = (await api.create("j.ipynb"))["id"]
    assert (await history.get("summaries", path="j.ipynb"))["summaries"][last]["strip"] == "eu"
    (version, _) = (await history.get("cells", "history", path="j.ipynb", cell="a"))["versions"]
    assert version["cell"]["source"] == "x = 3" and version["cell"]["outputs"][0]["text"] == "out\nmore\n"


async def test_every_cell_is_deleted_when_the_file_is_gone(history, jp_root_dir):
    await history.save("g.ipynb", nb([code("a", "A"), code("b", "B")]))
    (jp_root_dir / "g.ipynb").unlink()  # removed outside Jupyter: the history stays
    found = (await history.get("cells", "deleted", path="g.ipynb"))["cells"]
    assert [(f["cell"]["id"], f["after"], f["before"]) for f in found] == [("a", None, None), ("b", None, None)]


async def test_a_damaged_store_gets_answers_not_errors(history, store_dir):
    """Output pieces lost from the store (a disk fault, a hand-made clean-up): the summaries and the
    other cells stay readable, the cell whose outputs are lost is a 404 with a message."""
    big = "A" * 50_000
    await history.save("x.ipynb", nb([code("a", "plot", [image(big)]), code("b", "keep")]))
    await history.save("x.ipynb", nb([code("a", "plot", [image(big + "B")]), code("b", "kept")]))
    history.write("x.ipynb", nb([code("b", "kept")]))
    for piece in (store_dir / "objects").rglob("*"):
        if piece.is_file() and piece.stat().st_size > 20_000:
            piece.unlink()  # the images
    summaries = (await history.get("summaries", path="x.ipynb"))["summaries"]
    assert [s["strip"] for s in summaries.values()] == ["aa", "oe"]  # outputs are compared by digest
    await history.refused("cells", "history", code=404, path="x.ipynb", cell="a")
    assert (await history.get("search", path="x.ipynb", q="kept"))["hits"]
    assert (await history.get("cells", "deleted", path="x.ipynb"))["cells"] == []


async def test_a_checkpoint_without_its_piece_list_has_a_null_summary(history, store_dir):
    first = await history.save("p.ipynb", nb([code("a", "1")]))
    second = await history.save("p.ipynb", nb([code("a", "2")]))
    third = await history.save("p.ipynb", nb([code("a", "3")]))
    (manifest,) = (store_dir / "tree").rglob(f"{second}.json")
    index = json.loads(manifest.read_bytes())["content"]["index"]
    (store_dir / "objects" / index[:2] / index[2:]).unlink()
    s = (await history.get("summaries", path="p.ipynb"))["summaries"]
    assert s[first]["strip"] == "a" and s[second] is None and s[third] is None
    assert [
        v["checkpoints"] for v in (await history.get("cells", "history", path="p.ipynb", cell="a"))["versions"]
    ] == [
        [third],
        [first],
    ]
