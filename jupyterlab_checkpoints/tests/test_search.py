"""Search over every checkpoint of a file through a real server: plain text, never a pattern; text
outputs searched, images and other binary data never."""

import base64

from .history_fixtures import code, image, markdown, nb, stream

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4).decode()


def error(ename, evalue):
    return {"ename": ename, "evalue": evalue, "output_type": "error", "traceback": ["tb secretframe"]}


async def seeded(history):
    ids = [
        await history.save("s.ipynb", nb([code("a", "data = load()\nneedle = 1"), markdown("m", "Notes")])),
        await history.save(
            "s.ipynb",
            nb(
                [
                    code("a", "data = load()\nneedle = 2", [stream("found the Needle\n"), image(PNG)], 1),
                    markdown("m", "Notes: Ελληνικά"),
                    code("r", "re.compile('.*(')", [error("ValueError", "bad needle")]),
                ]
            ),
        ),  # fmt: skip
    ]
    return ids


async def test_hits_name_checkpoint_cell_and_snippet(history):
    one, two = await seeded(history)
    answer = await history.get("search", path="s.ipynb", q="NEEDLE")
    assert answer["query"] == "NEEDLE" and answer["truncated"] is False
    hits = [(h["checkpoint"]["id"], h["cell"], h["index"], h["where"]) for h in answer["hits"]]
    # Newest first; one hit per searched content; the error's value is text, its traceback is not.
    assert hits == [(two, "a", 0, "source"), (two, "a", 0, "output"), (two, "r", 2, "output"), (one, "a", 0, "source")]
    for h in answer["hits"]:
        start, end = h["match"]
        assert h["snippet"][start:end].lower() == "needle"
        assert "\n" not in h["snippet"] and len(h["snippet"]) <= 120
    assert answer["hits"][2]["snippet"] == "ValueError: bad needle"
    assert (await history.get("search", path="s.ipynb", q="secretframe"))["hits"] == []


async def test_also_counts_the_other_checkpoints_with_that_content(history):
    ids = [await history.save("a.ipynb", nb([code("a", "shared text"), code("b", f"v{i}")])) for i in range(3)]
    hits = (await history.get("search", path="a.ipynb", q="shared"))["hits"]
    assert [(h["checkpoint"]["id"], h["also"]) for h in hits] == [(ids[-1], 2)]


async def test_queries_are_plain_text(history):
    await seeded(history)
    hits = (await history.get("search", path="s.ipynb", q=".*("))["hits"]
    assert [(h["cell"], h["where"]) for h in hits] == [("r", "source")]
    assert (await history.get("search", path="s.ipynb", q="d.ta"))["hits"] == []  # "." is not a wildcard
    assert (await history.get("search", path="s.ipynb", q="[a-z]+"))["hits"] == []
    for q in ("\\", "(?i)", "^", "$", "a|b", "?"):
        assert (await history.get("search", path="s.ipynb", q=q))["hits"] == []
    # Tornado drops control characters from arguments: a query of only those is empty.
    await history.refused("search", path="s.ipynb", q="\x00")


async def test_unicode_case_insensitive(history):
    await seeded(history)
    hits = (await history.get("search", path="s.ipynb", q="ΕΛΛΗΝΙΚΆ"))["hits"]
    assert [h["cell"] for h in hits] == ["m"]
    start, end = hits[0]["match"]
    assert hits[0]["snippet"][start:end] == "Ελληνικά"


async def test_image_data_never_matches_as_text(history):
    await seeded(history)
    for q in (PNG[40:60], "iVBOR", PNG[:8]):
        assert (await history.get("search", path="s.ipynb", q=q))["hits"] == [], q
    # The image's text/plain stand-in is text.
    assert [h["where"] for h in (await history.get("search", path="s.ipynb", q="640x480"))["hits"]] == ["output"]


async def test_image_queries_list_image_outputs(history):
    _, two = await seeded(history)
    for q in ("plot", "Images", "png"):
        hits = [h for h in (await history.get("search", path="s.ipynb", q=q))["hits"] if h["where"] == "image"]
        assert [(h["checkpoint"]["id"], h["cell"], h["snippet"]) for h in hits] == [(two, "a", "image/png")], q


async def test_limit_truncates(history):
    await seeded(history)
    answer = await history.get("search", path="s.ipynb", q="needle", limit="2")
    assert len(answer["hits"]) == 2 and answer["truncated"] is True
    assert len((await history.get("search", path="s.ipynb", q="needle", limit="500"))["hits"]) == 4


async def test_long_snippets_are_cut_around_the_match(history):
    source = "x" * 1000 + " the needle " + "y" * 1000
    await history.save("l.ipynb", nb([code("a", source)]))
    (hit,) = (await history.get("search", path="l.ipynb", q="needle"))["hits"]
    assert 100 <= len(hit["snippet"]) <= 120
    assert hit["snippet"][hit["match"][0] : hit["match"][1]] == "needle"


async def test_text_files_hit_by_line(history):
    await history.save("t.py", None, raw=b"import os\nprint('Hello')\n")
    last = await history.save("t.py", None, raw=b"import os\n\nprint('hello world')\n")
    hits = (await history.get("search", path="t.py", q="hello"))["hits"]
    assert [(h["checkpoint"]["id"] == last, h["cell"], h["index"], h["where"]) for h in hits] == [
        (True, None, 2, "source"),
        (False, None, 1, "source"),
    ]


async def test_text_lines_once_each_with_windows_line_ends(history):
    await history.save("w.txt", None, raw=b"hello hello\r\nbye HELLO\r\n\r\nend")
    hits = (await history.get("search", path="w.txt", q="hello"))["hits"]
    assert [(h["index"], h["snippet"], h["match"]) for h in hits] == [
        (0, "hello hello ", [0, 5]),
        (1, "bye HELLO ", [4, 9]),
    ]
    assert (await history.get("search", path="w.txt", q="end"))["hits"][0]["index"] == 3


async def test_bad_queries_are_refused(history):
    await seeded(history)
    await history.refused("search", path="s.ipynb")
    await history.refused("search", path="s.ipynb", q="")
    await history.refused("search", path="s.ipynb", q="   ")
    await history.refused("search", path="s.ipynb", q="x" * 10_000)
    await history.refused("search", path="s.ipynb", q="x" * 201)
    assert (await history.get("search", path="s.ipynb", q="x" * 200))["hits"] == []
    for limit in ("0", "501", "-1", "ten", "1e3", ""):
        await history.refused("search", path="s.ipynb", q="needle", limit=limit)
