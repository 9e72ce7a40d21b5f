"""Where folder checkpoints live in the store: `folders/`, beside `tree/`.

A folder's checkpoints are manifests in `folders/<d.a>/<d.b>/` (the same folder names as paths.py
gives directories; the server root's own are in `folders/` itself). Their content is one index object
listing the folder's files (folders/index.py), so collection and clean-up walk this area too: every
piece a folder checkpoint refers to stays.
"""

FOLDERS = "folders"
