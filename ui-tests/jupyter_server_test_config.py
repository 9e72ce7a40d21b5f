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

if os.environ.get("UI_TEST_S3"):
    # The store on S3-compatible object storage: moto's S3 server on loopback, started here for the
    # lifetime of this server, with a fresh bucket; endpoint and keys through the standard variables.
    import secrets
    import socket

    import boto3
    from moto.server import ThreadedMotoServer

    def _free(port: int) -> bool:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
            return True

    _moto_port = next(p for p in range(19500, 19600) if _free(p))
    ThreadedMotoServer(ip_address="127.0.0.1", port=_moto_port, verbose=False).start()
    os.environ.update(
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{_moto_port}",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
    )
    _bucket = f"ui-tests-{secrets.token_hex(4)}"
    boto3.client("s3").create_bucket(Bucket=_bucket)
    c.CheckpointStore.url = f"s3://{_bucket}/store"  # noqa: F821
