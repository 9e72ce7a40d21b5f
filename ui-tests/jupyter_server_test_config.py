"""JupyterLab server configuration for the UI tests (a throw-away root folder, no token)."""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.allow_root = True  # noqa: F821  (CI runs as root)
c.LabApp.extension_manager = "readonly"  # noqa: F821
c.ServerApp.port = int(os.environ.get("UI_TEST_PORT", "8888"))  # noqa: F821
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821  (the Notebook 7 test reads window.jupyterapp)
# jupyter-collaboration is installed for its tests; these servers run without real-time collaboration
# unless UI_TEST_RTC is set (the collaboration tests' own server).
c.YDocExtension.disable_rtc = not os.environ.get("UI_TEST_RTC")  # noqa: F821
# The rooms' update log in a temporary folder, not in the work tree.
c.YDocExtension.ystore_class = "jupyter_server_ydoc.stores.TempFileYStore"  # noqa: F821
