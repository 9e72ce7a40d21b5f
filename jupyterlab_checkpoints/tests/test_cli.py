"""`jupyter checkpoints`: the installed console script, run in a subprocess against the store of a
running server (pytest-jupyter's), which keeps serving while the command runs."""

import asyncio
import hashlib
import json
import re
import subprocess

import pytest

from .cli_runner import BIN, SUBCOMMANDS, assert_clean_error, run, write_config
from .conftest import notebook


@pytest.fixture
def config(tmp_path, jp_root_dir, store_dir):
    """`--config=<file>`: the server's contents root and store, from a configuration file."""
    return f"--config={write_config(tmp_path / 'cli-config', jp_root_dir, store_dir)}"


async def history_of(api, jp_root_dir, path, versions):
    """A checkpoint per version (the file's bytes then), made by the server; returns [(id, bytes)]."""
    held = []
    for v in versions:
        await api.put_notebook(path, notebook([v]))
        held.append(((await api.create(path))["id"], (jp_root_dir / path).read_bytes()))
    return held


@pytest.mark.parametrize("sub", SUBCOMMANDS)
async def test_help_of_every_subcommand(sub):
    r = await run(sub, "--help")
    assert r.code == 0, r.err
    assert f"Usage: jupyter checkpoints {sub}" in r.text
    assert "--root-dir" in r.text and "--config" in r.text


def test_jupyter_finds_the_command():
    r = subprocess.run([str(BIN / "jupyter"), "checkpoints", "--help"], capture_output=True, text=True, timeout=60,
                       env={"PATH": str(BIN)})  # fmt: skip
    assert r.returncode == 0, r.stderr
    for sub in SUBCOMMANDS:
        assert f"\n{sub}\n" in r.stdout


async def test_list_show_export(api, jp_root_dir, tmp_path, config):
    held = await history_of(api, jp_root_dir, "a.ipynb", ["one", "two"])
    await api.patch("a.ipynb", held[0][0], label="first draft", pinned=True)
    r = await run("list", "a.ipynb", "--json", config)
    assert r.code == 0, r.err
    listed = json.loads(r.out)
    assert [m["id"] for m in listed] == [m["id"] for m in await api.list("a.ipynb")] == [i for i, _ in held]
    assert listed[0]["label"] == "first draft" and listed[0]["pinned"] is True
    assert set(listed[0]) == {"id", "created", "kind", "label", "pinned", "size"}
    assert listed[1]["size"] == len(held[1][1]) and listed[1]["kind"] == "save"
    table = (await run("list", "/a.ipynb", config)).text.splitlines()
    assert table[0].split() == ["ID", "CREATED", "KIND", "PINNED", "SIZE", "LABEL"]
    assert held[0][0] in table[1] and "first draft" in table[1] and "yes" in table[1]

    for cid, raw in held:
        shown = await run("show", "a.ipynb", cid, config)
        assert (shown.code, shown.out) == (0, raw)

    target = tmp_path / "export.ipynb"
    r = await run("export", "a.ipynb", held[0][0], str(target), config)
    assert r.code == 0 and target.read_bytes() == held[0][1]
    # An existing file is refused, and left as it was.
    refused = await run("export", "a.ipynb", held[1][0], str(target), config)
    assert_clean_error(refused, "exists", "--force")
    assert target.read_bytes() == held[0][1]
    forced = await run("export", "a.ipynb", held[1][0], str(target), "--force", config)
    assert forced.code == 0 and target.read_bytes() == held[1][1]


async def test_restore_keeps_the_current_content_first(api, jp_root_dir, config):
    held = await history_of(api, jp_root_dir, "r.ipynb", ["kept one", "kept two"])
    await api.put_notebook("r.ipynb", notebook(["unsaved work"]))  # no checkpoint holds this
    current = (jp_root_dir / "r.ipynb").read_bytes()
    r = await run("restore", "r.ipynb", held[0][0], config)
    assert r.code == 0, r.err
    assert (jp_root_dir / "r.ipynb").read_bytes() == held[0][1]
    # The running server sees the restored file and the entries the restore recorded.
    assert (await api.get_nb("r.ipynb"))["cells"][0]["source"] == "kept one"
    models = await api.list("r.ipynb")
    before = [m for m in models if m["kind"] == "before-restore"]
    assert len(before) == 1 and before[0]["id"] in r.text
    assert (await run("show", "r.ipynb", before[0]["id"], config)).out == current
    assert models[-1]["kind"] == "rollback"


async def test_verify_names_each_broken_checkpoint(api, jp_root_dir, store_dir, config):
    held = await history_of(api, jp_root_dir, "v.ipynb", ["alpha", "beta"])
    await api.put_text("t.txt", "plain text\n")
    text_id = (await api.create("t.txt"))["id"]
    long_name = "n" * 250 + ".txt"  # kept under a hashed folder name: the manifest names the file
    await api.put_text(long_name, "long name\n")
    long_id = (await api.create(long_name))["id"]
    ok = await run("verify", config)
    assert ok.code == 0, ok.text + ok.err
    assert "4 checkpoints checked" in ok.text and "0 broken" in ok.text

    # Pieces with the wrong content: a text file's whole content is one piece.
    for text in (b"plain text\n", b"long name\n"):
        digest = hashlib.sha256(text).hexdigest()
        (store_dir / "objects" / digest[:2] / digest[2:]).write_bytes(b"tampered\n")
    r = await run("verify", config)
    assert r.code == 1
    digest = hashlib.sha256(b"plain text\n").hexdigest()
    assert f"BROKEN t.txt checkpoint {text_id}: piece {digest} has the wrong hash" in r.text
    assert f"BROKEN {long_name} checkpoint {long_id}" in r.text
    assert "2 broken" in r.text

    # A missing piece: the cell that only the first notebook checkpoint holds.
    cell = b'"alpha"'
    pieces = [p for p in (store_dir / "objects").glob("*/*") if cell in p.read_bytes()]
    assert len(pieces) == 1
    pieces[0].unlink()
    r = await run("verify", config)
    assert r.code == 1
    missing = pieces[0].parent.name + pieces[0].name
    assert f"BROKEN v.ipynb checkpoint {held[0][0]}: missing piece {missing}" in r.text
    assert held[1][0] not in r.text and "3 broken" in r.text


async def five_versions(api) -> list[str]:
    """Five checkpoints of big.ipynb (about 40 KB), one cell changing each time, so the other cells'
    pieces are shared; their ids, oldest first."""
    cells = [f"cell {i} " + "x" * 2000 for i in range(20)]
    ids = []
    for i in range(5):
        await api.put_notebook("big.ipynb", notebook([*cells[:-1], f"changed {i}"]))
        ids.append((await api.create("big.ipynb"))["id"])
    return ids


async def test_stats_and_gc(api, jp_root_dir, store_dir, config):
    ids = await five_versions(api)
    r = await run("stats", "--json", config)
    assert r.code == 0, r.err
    figures = json.loads(r.out)
    sizes = [m["size"] for m in await api.list("big.ipynb")]
    assert (figures["files"], figures["checkpoints"]) == (1, 5)
    assert figures["logical_bytes"] == sum(sizes)
    assert figures["dedup_ratio"] > 3  # five copies' bytes, about one copy stored
    assert figures["stored_bytes"] > figures["content_bytes"] > sizes[0]
    table = (await run("stats", config)).text
    assert "dedup ratio" in table and "bytes without dedup" in table

    for cid in ids[:-1]:
        await api.delete("big.ipynb", cid)
    kept = await run("gc", config)  # the grace period keeps these young pieces
    assert kept.code == 0 and "freed 0 B" in kept.text
    freed = await run("gc", config, "--CheckpointStore.gc_grace_seconds=0")
    assert freed.code == 0, freed.err
    assert int(re.search(r"(\d+) unreferenced pieces removed", freed.text)[1]) >= 4  # a cell and an index each
    after = json.loads((await run("stats", "--json", config)).out)
    assert after["checkpoints"] == 1 and after["content_bytes"] < figures["content_bytes"]
    assert (await run("verify", config)).code == 0


async def test_commands_while_the_server_writes(api, jp_root_dir, config):
    """verify, stats and a restore run while the server keeps making checkpoints of other files."""
    held = await history_of(api, jp_root_dir, "r.ipynb", ["first", "second"])
    stop = asyncio.Event()

    async def keep_writing():
        n = 0
        while not stop.is_set():
            await api.put_notebook(f"w{n % 3}.ipynb", notebook([f"write {n}"]))
            await api.create(f"w{n % 3}.ipynb")
            n += 1
        return n

    writer = asyncio.create_task(keep_writing())
    try:
        results = [await run(sub, *args, config) for sub, *args in
                   [("verify",), ("stats", "--json"), ("restore", "r.ipynb", held[0][0]), ("verify",)]]  # fmt: skip
    finally:
        stop.set()
    assert await writer > 3
    assert [r.code for r in results] == [0, 0, 0, 0], [r.err for r in results]
    assert (jp_root_dir / "r.ipynb").read_bytes() == held[0][1]
    assert (await run("verify", config)).code == 0


async def test_bad_input_exits_2_with_one_line(api, jp_root_dir, tmp_path, config):
    held = await history_of(api, jp_root_dir, "b.ipynb", ["b"])
    before = (jp_root_dir / "b.ipynb").read_bytes()
    assert_clean_error(await run("list", "nowhere.ipynb", config), "nowhere.ipynb")
    assert_clean_error(await run("show", "b.ipynb", "20200101T000000000000-abcdef", config), "no checkpoint")
    assert_clean_error(await run("restore", "b.ipynb", "20200101T000000000000-abcdef", config), "no checkpoint")
    assert_clean_error(await run("show", "b.ipynb", "../../etc", config), "checkpoint id")
    assert_clean_error(await run("show", "../outside.ipynb", held[0][0], config), "path")
    assert_clean_error(await run("export", "b.ipynb", held[0][0], str(tmp_path), config), "folder")
    assert_clean_error(await run("show", "b.ipynb", config), "expected PATH ID")
    assert_clean_error(await run("verify", "extra", config), "expected no arguments")
    assert_clean_error(await run("list", "b.ipynb", "--root-dir", str(tmp_path / "missing"), config), "root")
    assert (jp_root_dir / "b.ipynb").read_bytes() == before

    # A store the command cannot read: a newer format, and a folder that is a file.
    newer = tmp_path / "newer-store"
    newer.mkdir()
    (newer / "format.json").write_text('{"format": 99}')
    assert_clean_error(await run("verify", config, f"--store-dir={newer}"), "format version")
    not_a_folder = tmp_path / "file-store"
    not_a_folder.write_text("")
    assert_clean_error(await run("stats", config, f"--store-dir={not_a_folder}"), str(not_a_folder))
    # Pointed at a folder without a store: refused, and no store is started there.
    empty = tmp_path / "no-store-here"
    empty.mkdir()
    env = {"JUPYTER_CONFIG_DIR": str(tmp_path / "no-config"), "JUPYTER_DATA_DIR": str(tmp_path / "no-data")}
    assert_clean_error(await run("verify", f"--root-dir={empty}", env=env), "no checkpoint store", str(empty))
    assert list(empty.iterdir()) == [] and not (tmp_path / "no-data").exists()
    no_sub = await run()
    assert no_sub.code == 2 and "give a subcommand" in no_sub.err


async def test_reads_the_servers_configuration(api, jp_root_dir, store_dir, tmp_path):
    """With no option: jupyter_server_config.py in the Jupyter config path; options override it."""
    held = await history_of(api, jp_root_dir, "c.ipynb", ["configured"])
    config_dir = tmp_path / "jupyter-config-dir"
    write_config(config_dir, jp_root_dir, store_dir)
    r = await run("list", "c.ipynb", "--json", env={"JUPYTER_CONFIG_DIR": str(config_dir)}, cwd=tmp_path)
    assert r.code == 0, r.err
    assert [m["id"] for m in json.loads(r.out)] == [held[0][0]]
    # The same store named on the command line, from another folder, with no configuration file.
    flags = [f"--root-dir={jp_root_dir}", f"--store-dir={store_dir}"]
    r = await run("list", "c.ipynb", "--json", *flags, env={"JUPYTER_CONFIG_DIR": str(tmp_path / "empty")})
    assert r.code == 0 and [m["id"] for m in json.loads(r.out)] == [held[0][0]]
