"""Readable history: what changed between checkpoints, each cell's versions, deleted cells, search.

Everything here reads the store's content-addressed pieces (store/snapshot.py) and caches what it
derives by piece or index digest: a digest names content that never changes, so a cached answer is
never stale, and a warm list costs a few dictionary look-ups.

    pieces.py   a checkpoint's cells from its pieces (no whole-notebook parsing)
    changes.py  the change summary and strip of one entry against the one before it
    cells.py    one cell's versions across checkpoints; cells that are gone from the file
    search.py   text search over sources and text outputs of every checkpoint
    service.py  the entry points the REST routes call (handlers/history.py)

The caches are bounded (least recently used first out): analyses 64 MB, parsed cell parts 32 MB,
output texts 32 MB, text files 32 MB, piece kinds 100,000 entries, summaries 8 MB; a server holds
at most about 200 MB for them, far less for ordinary notebooks.
"""
