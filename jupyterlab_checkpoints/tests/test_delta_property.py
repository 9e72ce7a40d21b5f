"""Property: a checkpoint composed from a base (an earlier checkpoint, or the file) and a delta holds
exactly the bytes, and the same pieces, as one made from the whole edited notebook (what nbformat's
writer makes of it), for generated notebooks and random edits; on both backends (`make_store`:
tests/backends.py)."""

import copy
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyterlab_checkpoints.contents.creates import composed
from jupyterlab_checkpoints.contents.file_base import last_modified
from jupyterlab_checkpoints.contents.notebook_writer import delta_plan, notebook_bytes
from jupyterlab_checkpoints.store.snapshot import Planned

# Any text but lone surrogates (which no file can hold), with newlines and non-ASCII characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
LINES = st.lists(st.sampled_from(["", "a", "x = 1", "é ✓", "\t", "  {", "   ],", '"q"']), max_size=4).map("\n".join)
SOURCE = st.one_of(TEXT, LINES, st.just(""))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(string.ascii_letters, max_size=4), inner),
    max_leaves=8,
)
# Keys the schema leaves free (`tags`, `collapsed`... have types of their own).
METADATA = st.dictionaries(st.sampled_from(["x", "ü", "my-extension"]), JSON, max_size=3)
BUNDLE = st.fixed_dictionaries(
    {"text/plain": SOURCE},
    optional={
        "image/png": st.text("ABCxyz+/=", min_size=1, max_size=30),
        "text/html": LINES,
        "application/json": st.dictionaries(TEXT, JSON, max_size=2),
    },
)
OUTPUT = st.one_of(
    st.fixed_dictionaries(
        {"output_type": st.just("stream"), "name": st.sampled_from(["stdout", "stderr"]), "text": SOURCE}
    ),
    st.fixed_dictionaries({"output_type": st.just("display_data"), "data": BUNDLE, "metadata": METADATA}),
    st.fixed_dictionaries(
        {
            "output_type": st.just("execute_result"),
            "data": BUNDLE,
            "metadata": METADATA,
            "execution_count": st.integers(1, 9),
        }
    ),
    st.fixed_dictionaries(
        {"output_type": st.just("error"), "ename": TEXT, "evalue": TEXT, "traceback": st.lists(TEXT, max_size=3)}
    ),
)
ATTACHMENTS = st.dictionaries(
    st.sampled_from(["a.png", "b é.gif"]), st.fixed_dictionaries({"image/png": st.just("iVBOR")}), max_size=2
)


@st.composite
def cells(draw, cid):
    kind = draw(st.sampled_from(["code", "markdown", "raw"]))
    cell = {"cell_type": kind, "id": cid, "metadata": draw(METADATA), "source": draw(SOURCE)}
    if kind == "code":
        cell["outputs"] = draw(st.lists(OUTPUT, max_size=3))
        cell["execution_count"] = draw(st.none() | st.integers(1, 99))
    elif draw(st.booleans()):
        cell["attachments"] = draw(ATTACHMENTS)
    return cell


@st.composite
def notebooks(draw, prefix="c"):
    n = draw(st.integers(0, 6))
    return {
        "cells": [draw(cells(f"{prefix}{i}")) for i in range(n)],
        "metadata": draw(METADATA),
        "nbformat": 4,
        "nbformat_minor": draw(st.sampled_from([5, 10])),
    }


@st.composite
def edits(draw, nb):
    """The edited notebook and the ids of the cells the page would send as changed."""
    nb = copy.deepcopy(nb)
    changed = set()
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["change", "insert", "delete", "move", "metadata"]))
        ids = [c["id"] for c in nb["cells"]]
        if op == "insert" or not ids:
            cid = f"n{draw(st.integers(0, 10**6))}"
            if cid not in ids:
                nb["cells"].insert(draw(st.integers(0, len(ids))), draw(cells(cid)))
                changed.add(cid)
        elif op == "change":
            i = draw(st.integers(0, len(ids) - 1))
            nb["cells"][i] = draw(cells(ids[i]))
            changed.add(ids[i])
        elif op == "delete":
            nb["cells"].pop(draw(st.integers(0, len(ids) - 1)))
        elif op == "move":
            cell = nb["cells"].pop(draw(st.integers(0, len(ids) - 1)))
            nb["cells"].insert(draw(st.integers(0, len(ids) - 1)), cell)
        else:
            nb["metadata"] = draw(METADATA)
    # The page may also send unchanged cells as changed.
    changed |= {c["id"] for c in nb["cells"] if draw(st.booleans()) and draw(st.booleans())}
    return nb, changed


SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
# Examples per backend: each S3 example is a few dozen requests to moto, so fewer of them.
EXAMPLES = {"local": 150, "s3": 25}


def test_compose_equals_whole_notebook(make_store, tmp_path):
    store = make_store(max_unpinned=1000)
    source = tmp_path / "n.ipynb"

    @settings(max_examples=EXAMPLES[make_store.backend], deadline=None, suppress_health_check=SLOW_OK)
    @given(data=st.data())
    def compose_equals_whole(data):
        base_nb = data.draw(notebooks())
        edited, changed = data.draw(edits(base_nb))
        # The base is an earlier checkpoint, or the file itself (which has no checkpoint yet).
        if data.draw(st.booleans(), "file base"):
            source.write_bytes(notebook_bytes(copy.deepcopy(base_nb)))
            base = {"file": last_modified(str(source)).isoformat().replace("+00:00", "Z")}
        else:
            base = store.create("n.ipynb", notebook_bytes(copy.deepcopy(base_nb)), "manual").id
        delta = {
            "base": base,
            "cells": [c["id"] for c in edited["cells"]],
            "changed": {c["id"]: c for c in edited["cells"] if c["id"] in changed},
            "metadata": edited["metadata"],
            "nbformat": 4,
            "nbformat_minor": edited["nbformat_minor"],
        }
        plan = delta_plan(copy.deepcopy(delta))
        raw = plan if isinstance(plan, bytes) else composed(store, "n.ipynb", plan, str(source))
        made = store.create("n.ipynb", raw, "manual")
        full = notebook_bytes(copy.deepcopy(edited))
        assert store.read_bytes(made) == full
        assert made.size == len(full)
        assert made.content == Planned(full, True).content  # the same pieces: deduplicated with a file create

    compose_equals_whole()
