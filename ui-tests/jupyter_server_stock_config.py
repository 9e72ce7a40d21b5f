"""A JupyterLab server WITHOUT the extension's server part: the stock single-checkpoint class."""

import os

# Same set-up as the main UI-test server, on its own port.
with open(os.path.join(os.path.dirname(__file__), "jupyter_server_test_config.py")) as base:
    exec(base.read())

c.ServerApp.port = int(os.environ.get("UI_TEST_STOCK_PORT", "8887"))  # noqa: F821
c.ServerApp.jpserver_extensions = {"jupyterlab_checkpoints": False}  # noqa: F821
c.ContentsManager.checkpoints_class = (  # noqa: F821
    "jupyter_server.services.contents.filecheckpoints.AsyncFileCheckpoints"
)
