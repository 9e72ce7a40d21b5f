"""Where folder checkpoints live in the store: the `folders` area, beside `tree/`.

A folder's checkpoints form one history, named like a directory's in paths.py (`d.a/d.b`), in the
`folders` area: on a local disk a folder `folders/d.a/d.b/` of manifests (the server root's own are in
`folders/` itself); on object storage one index object `folders/d.a/d.b/index.json` (storage/s3/
folders.py). Their content is one index object listing the folder's files (folders/index.py), so
collection and clean-up read this area too: every piece a folder checkpoint refers to stays.

Each backend gives the folder code (folders/) the same four things (storage/base.py): `folder_history(path)`,
`folder_locks(history)`, `move_folders(old, new)` and `reuse_needs_touch`; listing, reading, writing
and removing manifests are the storage's own `list/read/write/remove`.
"""

from __future__ import annotations

FOLDERS = "folders"
