"""The store as a good citizen of the user's folder: git leaves it out, and a root folder that cannot be
written sends it to Jupyter's data directory while a configured folder that cannot be written is refused
with a message (store/location.py)."""

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado.httpclient import HTTPClientError
from traitlets.config import Config

from jupyterlab_checkpoints.contents.checkpoints import StoreCheckpoints
from jupyterlab_checkpoints.extension import load
from jupyterlab_checkpoints.store import CheckpointStore, StoreUnavailable

from .conftest import notebook
from .server_process import NOBODY, SUMMARY_LINES, ServerProcess, unprivileged_prefix


@pytest.fixture
def jp_server_config(request, tmp_path):
    store = {"fsync": False}
    if getattr(request, "param", None) == "unwritable":
        (tmp_path / "a-file").write_text("not a folder")
        store["root_dir"] = str(tmp_path / "a-file" / "store")  # ENOTDIR: even root cannot write there
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": store,  # by default: no root_dir, the store goes in the root folder
    }


def git(root, *args) -> str:
    ident = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    done = subprocess.run(["git", *ident, *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


async def test_git_status_stays_clean_after_checkpoints(api, jp_fetch, jp_root_dir):
    git(jp_root_dir, "init", "-q")
    await api.put_notebook("analysis.ipynb", notebook(["1 + 1"]))
    await api.put_text("notes.md", "# notes\n")
    git(jp_root_dir, "add", "-A")
    git(jp_root_dir, "commit", "-q", "-m", "work")
    store = jp_root_dir / ".jupyter-checkpoints"
    for path in ("analysis.ipynb", "notes.md"):
        first = await api.create_ext(path, label="mine", pinned=True)
        await api.create(path)
        await api.restore(path, first["id"])  # the same content: the file's bytes do not change
    assert (store / ".gitignore").read_text().splitlines()[-1] == "*"
    assert git(jp_root_dir, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(jp_root_dir, "add", "-A", "--dry-run") == ""  # a habitual `git add -A` commits nothing
    # Removed by hand: the next checkpoint puts it back.
    (store / ".gitignore").unlink()
    assert ".jupyter-checkpoints/" in git(jp_root_dir, "status", "--porcelain")
    await api.put_notebook("analysis.ipynb", notebook(["2 + 2"]))
    await api.create("analysis.ipynb")
    assert git(jp_root_dir, "status", "--porcelain", "--untracked-files=all") == " M analysis.ipynb\n"
    info = json.loads((await jp_fetch("jupyterlab-checkpoints", "info")).body)
    assert info["store"]["gitignore"] is True and info["store"]["fallback"] is None
    assert info["store"]["root"] == str(store.resolve())


def test_a_store_ignores_itself_wherever_it_is(tmp_path):
    """Configured elsewhere too: a store folder never ends up in someone's commit."""
    store = CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "elsewhere"), fsync=False)
    assert (store.root / ".gitignore").is_file()
    (store.root / ".gitignore").unlink()
    assert store.maintenance.info()["gitignore"] is True and (store.root / ".gitignore").is_file()


@pytest.mark.parametrize("jp_server_config", ["unwritable"], indirect=True)
async def test_configured_folder_that_cannot_be_written_answers_with_a_message(api, jp_fetch):
    await api.put_text("a.txt", "x")  # saving documents is not affected
    for call in (
        jp_fetch("api", "contents", "a.txt", "checkpoints", method="POST", body=""),
        jp_fetch("api", "contents", "a.txt", "checkpoints"),
        jp_fetch("jupyterlab-checkpoints", "info"),
        jp_fetch("jupyterlab-checkpoints", "cleanup"),
    ):
        with pytest.raises(HTTPClientError) as e:
            await call
        assert e.value.code == 503
        message = json.loads(e.value.response.body)["message"]
        assert "c.CheckpointStore.root_dir" in message and "cannot be written" in message


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append((record.levelname, record.getMessage()))


def _load(tmp_path, store_config) -> list:
    """What `load` logs for a server whose root is `tmp_path/root`."""
    log = logging.getLogger(f"test-{tmp_path.name}-{sorted(store_config)}")
    records = _Records()
    log.addHandler(records)
    (tmp_path / "root").mkdir(exist_ok=True)
    cm = AsyncLargeFileManager(
        root_dir=str(tmp_path / "root"),
        checkpoints_class=StoreCheckpoints,
        config=Config({"CheckpointStore": {"fsync": False, **store_config}}),
        log=log,
    )
    web_app = SimpleNamespace(settings={"base_url": "/"}, add_handlers=lambda *a: None)
    load(SimpleNamespace(web_app=web_app, contents_manager=cm, log=log))
    return records.lines


def test_startup_logs_each_problem_once(tmp_path):
    (tmp_path / "a-file").write_text("x")
    refused = _load(tmp_path, {"root_dir": str(tmp_path / "a-file" / "s")})
    assert [level for level, _ in refused] == ["ERROR"]
    assert "cannot be written" in refused[0][1] and "c.CheckpointStore.root_dir" in refused[0][1]
    # The default folder blocked (a file of that name): the store goes to the fallback folder.
    (tmp_path / "root" / ".jupyter-checkpoints").write_text("in the way")
    moved = _load(tmp_path, {"fallback_dir": str(tmp_path / "data")})
    assert [level for level, _ in moved] == ["WARNING"]
    assert str(tmp_path / "data") in moved[0][1]


def test_default_folder_that_cannot_be_made_falls_back_per_root(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / ".jupyter-checkpoints").write_text("in the way")
    store = CheckpointStore(contents_root=str(root), fallback_dir=str(tmp_path / "data"), fsync=False)
    key = hashlib.sha256(os.path.realpath(root).encode()).hexdigest()[:16]
    assert store.root == (tmp_path / "data" / key).resolve()
    assert store.fallback and str(root) in store.fallback and str(store.root) in store.fallback
    store.create("a.txt", b"kept")
    assert store.read_bytes(store.list("a.txt")[0]) == b"kept"
    # Another server of the same root finds the same store.
    again = CheckpointStore(contents_root=str(root), fallback_dir=str(tmp_path / "data"), fsync=False)
    assert [m.id for m in again.list("a.txt")] == [m.id for m in store.list("a.txt")]
    assert again.maintenance.info()["fallback"] == store.fallback
    other = tmp_path / "other"
    other.mkdir()
    (other / ".jupyter-checkpoints").write_text("in the way")
    elsewhere = CheckpointStore(contents_root=str(other), fallback_dir=str(tmp_path / "data"), fsync=False)
    assert elsewhere.root != store.root and elsewhere.list("a.txt") == []


def test_no_writable_folder_at_all_is_a_clear_error(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / ".jupyter-checkpoints").write_text("in the way")
    (tmp_path / "data").write_text("not a folder either")
    with pytest.raises(StoreUnavailable, match="no writable folder"):
        CheckpointStore(contents_root=str(tmp_path / "root"), fallback_dir=str(tmp_path / "data"), fsync=False)


@pytest.fixture
def read_only_root_server():
    """A server, run without root's powers, whose root folder it cannot write (see test_permissions.py)."""
    prefix, how = (None, "the current user") if os.geteuid() != 0 else unprivileged_prefix()
    base = Path(tempfile.mkdtemp(prefix="checkpoints-ro-root-"))
    base.chmod(0o755)
    root = base / "root"
    root.mkdir()
    (root / "shared.ipynb").write_text(json.dumps(notebook(["shared work"])))
    (root / "shared.ipynb").chmod(0o644)
    for d in ("jupyter-runtime", "jupyter-data", "jupyter-config"):
        (base / d).mkdir()
        if how == "nobody":
            os.chown(base / d, NOBODY, NOBODY)
    if how == "nobody":
        os.chown(base, NOBODY, NOBODY)  # the server's own folders and log; the root stays root's
    else:
        root.chmod(0o555)
    s = ServerProcess(root, None, base / "server.log", prefix=prefix).start()
    s.how, s.folder = how, base
    yield s
    s.stop()
    root.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


def test_read_only_root_keeps_working_with_the_store_in_the_data_dir(read_only_root_server):
    s = read_only_root_server
    r = s.http.post(s.ext("checkpoints"), params={"path": "shared.ipynb"}, data=json.dumps({"label": "mine"}))
    assert r.status_code == 201, r.text
    assert [m["label"] for m in s.http.get(s.contents("shared.ipynb", "checkpoints")).json()] == ["mine"]
    info = s.http.get(s.ext("info")).json()["store"]
    key = hashlib.sha256(os.path.realpath(s.root).encode()).hexdigest()[:16]
    assert info["root"] == str(s.folder / "jupyter-data" / "checkpoints" / key)
    assert str(s.root) in info["fallback"] and info["root"] in info["fallback"]
    assert info["gitignore"] is True and info["files"] == 1
    assert not (s.root / ".jupyter-checkpoints").exists()
    log = s.log_path.read_text()
    assert log.count("cannot hold the checkpoint store") == 1, log
    assert "Traceback" not in log
    SUMMARY_LINES.append(f"read-only root: server run as {s.how}; store kept in the data directory, said once")
