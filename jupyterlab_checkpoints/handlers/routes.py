"""Every REST route of the extension, under `{base_url}jupyterlab-checkpoints/` (docs/rest-api.md).

The handler modules build on `base.BaseHandler`; this module alone knows all of them, so none of
them imports another's routes.
"""

from __future__ import annotations

from jupyter_server.utils import url_path_join

from . import checkpoints as handlers
from . import folders as folder_handlers
from . import history as history_handlers
from . import variables as variables_handlers
from .base import NAMESPACE


def setup_handlers(web_app) -> None:
    base = url_path_join(web_app.settings["base_url"], NAMESPACE)
    web_app.add_handlers(
        ".*$",
        [
            *handlers.routes(base),
            *history_handlers.history_routes(base),
            *folder_handlers.folder_routes(base),
            *variables_handlers.variables_routes(base),
        ],
    )
