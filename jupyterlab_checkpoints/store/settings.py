"""Every `c.CheckpointStore.*` option, in one place: the traits of `CheckpointStore` (store.py), whose
code and parts (core.py) read them where they are used."""

from __future__ import annotations

from traitlets import Bool, Dict, Enum, Float, Int, Unicode
from traitlets.config import LoggingConfigurable

from .retention import ORDERS

_OFF = "0 turns this tier off; with all three keep_* at 0 only the newest `max_unpinned` are kept, as before tiers."


class StoreSettings(LoggingConfigurable):
    """The options of `CheckpointStore`, its only subclass: configured as `c.CheckpointStore.*`."""

    url = Unicode(
        "",
        config=True,
        help="""Where the store lives: empty or a path or `file://` url for a folder (see root_dir), or
        `s3://bucket/prefix` for S3-compatible object storage shared by several servers. Endpoint and
        credentials come from the standard AWS configuration (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
        AWS_PROFILE...). A `{username}` in it is replaced by the JUPYTERHUB_USER of the server.""",
    )
    storage_options = Dict(
        config=True,
        help="""Options of the object-storage client: `profile`, `endpoint_url`, `region_name`,
        `aws_access_key_id`, `aws_secret_access_key`, and `config` (botocore Config options).""",
    )
    lock_seconds = Float(
        30.0,
        config=True,
        help="""Object storage: a server's lock on one file's checkpoints lapses after this long, so a
        server that died holding it delays that file's next change by at most this much.""",
    )

    root_dir = Unicode(
        "",
        config=True,
        help="""Folder of the store. Default: `.jupyter-checkpoints` in the contents root: hidden, one folder
        for the whole tree, and it stays with the files it keeps (a mounted work folder, a moved project),
        as `.ipynb_checkpoints` did. A folder here that cannot be written is refused at start-up.""",
    )
    fallback_dir = Unicode(
        "",
        config=True,
        help="""Where the store goes when `root_dir` is not set and the contents root cannot be written (a
        read-only mount): one folder per root under it. Default: `checkpoints` in Jupyter's data directory.""",
    )
    max_unpinned = Int(
        10,
        config=True,
        help="""Unpinned checkpoints kept per file. A rollback entry whose content another kept entry
        holds takes no slot (see retention.py). Older states are kept by keep_hourly, keep_daily and keep_weekly.""",
    )
    retention_order = Enum(
        ORDERS,
        default_value="automatic-first",
        config=True,
        help="""Which unpinned checkpoint goes first past the limit: 'automatic-first' (the oldest automatic
        one, then the oldest manual one) or 'oldest-first'. The newest entry is never dropped.""",
    )
    keep_hourly = Int(
        24,
        config=True,
        help=f"""Beyond the newest `max_unpinned` checkpoints, keep the last state of each hour (UTC) for
        this many hours; a manual or failure checkpoint wins its hour over automatic ones. {_OFF}""",
    )
    keep_daily = Int(
        30,
        config=True,
        help=f"""Beyond the newest `max_unpinned` checkpoints, keep the last state of each day (UTC) for
        this many days. {_OFF}""",
    )
    keep_weekly = Int(
        26,
        config=True,
        help=f"""Beyond the newest `max_unpinned` checkpoints, keep the last state of each ISO week
        (Monday to Sunday, UTC) for this many weeks; older states go, pinned ones never. {_OFF}""",
    )
    max_pinned = Int(10, config=True, help="Pinned checkpoints allowed per file; pinning more is refused.")
    max_label_length = Int(200, config=True, help="Longest label accepted, in characters.")
    deleted_retention_days = Float(30.0, config=True, help="Days a deleted file's checkpoints are kept for recovery.")
    fsync = Bool(True, config=True, help="fsync every written file (survives power loss, costs time).")
    gc_after_deletes = Int(50, config=True, help="Collect unreferenced content after this many checkpoint deletions.")
    gc_grace_seconds = Float(
        3600.0, config=True, help="Content younger than this is never collected (a create may be using it)."
    )

    # False in `jupyter checkpoints`: the limits are the server's (command line, config, a hub's spawner),
    # unknown to a command, which so never drops a checkpoint; the server applies them at the next write.
    applies_retention = True
