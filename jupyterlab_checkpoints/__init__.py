"""Many checkpoints per file for JupyterLab and Jupyter Notebook."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - running from a source tree without a build
    import warnings

    warnings.warn("Importing 'jupyterlab_checkpoints' outside a proper installation.", stacklevel=2)
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-checkpoints"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_checkpoints"}]


def _link_jupyter_server_extension(server_app):
    """Before the server builds its contents manager: select the store's checkpoint class."""
    from .extension import select_checkpoints_class

    select_checkpoints_class(server_app)


def _load_jupyter_server_extension(server_app):
    """Register the REST routes and make sure the contents manager uses the store."""
    from .extension import load

    load(server_app)
