"""`pip install` of the wheel gives an enabled, OK JupyterLab extension and server extension."""

import json
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "jupyterlab_checkpoints" / "labextension" / "static" / "style.js"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return ANSI.sub("", done.stdout + done.stderr)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if not BUILT.exists():
        pytest.skip("the labextension is not built yet (make build)")
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--no-build-isolation", "-q", "-w", out)
    return next(out.glob("*.whl"))


def test_wheel_holds_the_prebuilt_extension_and_the_server_config(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = next(n.split("/data/")[0] for n in names if "/data/" in n) + "/data/"
    labext = data + "share/jupyter/labextensions/jupyterlab-checkpoints/"
    for expected in (
        labext + "package.json",
        labext + "install.json",
        labext + "static/style.js",
        labext + "schemas/jupyterlab-checkpoints/panel.json",
        labext + "schemas/jupyterlab-checkpoints/auto.json",
        labext + "schemas/jupyterlab-checkpoints/compare.json",
        data + "etc/jupyter/jupyter_server_config.d/jupyterlab_checkpoints.json",
        "jupyterlab_checkpoints/handlers/checkpoints.py",
        "jupyterlab_checkpoints/contents_checkpoints.py",
        "jupyterlab_checkpoints/store/store.py",
    ):
        assert expected in names, expected
    assert any(re.fullmatch(re.escape(labext) + r"static/remoteEntry\.\w+\.js", n) for n in names)
    # `jupyter checkpoints` is the console script `jupyter-checkpoints`, which the `jupyter` command finds.
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    scripts = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "jupyter-checkpoints = jupyterlab_checkpoints.cli.app:main" in scripts
    assert "jupyterlab_checkpoints/cli/app.py" in names
    assert not any("/node_modules/" in n for n in names)


def test_installed_wheel_is_enabled_and_ok(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    # JupyterLab and jupyter_server come from the test environment instead of a second download; the
    # package and its data files come from the wheel, into this fresh prefix.
    Path(site, "_test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check", wheel)

    lab = run(python, "-m", "jupyterlab.labextensions", "list")
    labextensions = re.escape(str(venv / "share" / "jupyter" / "labextensions"))
    assert re.search(labextensions + r"\n\s+jupyterlab-checkpoints v\S+ enabled\s+OK", lab), lab

    server = run(python, "-m", "jupyter_server.extension.serverextension", "list")
    assert re.search(
        r"jupyterlab_checkpoints enabled\n\s+- Validating jupyterlab_checkpoints\.\.\.\n"
        r"\s+jupyterlab_checkpoints \S+ OK",
        server,
    ), server
    config = venv / "etc" / "jupyter" / "jupyter_server_config.d" / "jupyterlab_checkpoints.json"
    assert json.loads(config.read_text())["ContentsManager"]["checkpoints_class"] == (
        "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"
    )
