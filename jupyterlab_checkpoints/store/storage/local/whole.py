"""The whole store on a local disk, for the command line, the clean-up and collection: every history
(a walk of tree/, trash/ and folders/), every piece (a walk of objects/), and collecting the pieces no
record refers to.

Collection: the records are read holding `tree.lock` shared (no history moves between tree/ and trash/
meanwhile), then pieces are deleted holding `gc.lock` exclusively, and only those untouched for the
grace period. A create holds `gc.lock` shared from its first piece to its record, and touches every
piece it reuses, so a piece a record being written refers to is never collected. A record that no
longer parses may refer to any piece: while one is in the store nothing is collected.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace

import orjson

from ... import paths as P
from ...folder_area import FOLDERS
from ...manifest import SUFFIX, list_records
from ...objects import DamagedPiece


def _raise(error: OSError):
    if not isinstance(error, FileNotFoundError):  # a folder moved or purged meanwhile: nothing to read
        raise error


def _entries(folder: Path):
    try:
        return list(os.scandir(folder))
    except FileNotFoundError:
        return []


def decoded_path(base: Path, folder: Path) -> str | None:
    """The contents path a history folder of tree/ stands for; None when a name in it was hashed."""
    names = [P.decode_segment(s)[1] for s in folder.relative_to(base).parts]
    return None if any(n is None for n in names) else "/".join(names)


def _bytes(folder: Path, names: list[str]) -> int:
    total = 0
    for name in names:
        try:
            total += (folder / name).stat().st_size
        except FileNotFoundError:
            continue
    return total


class LocalWhole:
    suspended = ""

    def __init__(self, storage):
        self.storage = storage
        self.areas = (("files", storage.tree), ("deleted", storage.trash_dir), ("folders", storage.root / FOLDERS))

    def walk(self) -> Iterator[tuple[str, Path, Path, list[str], bool]]:
        """(area, its folder, a folder holding records, their names, whether they are a deletion's
        record) of every folder of tree/, trash/ and folders/ holding `*.json` (cleaning.py reads both)."""
        trash = self.storage.trash_dir
        for area, base in self.areas:
            for dirpath, _dirs, names in os.walk(base, onerror=_raise):
                records = [n for n in names if n.endswith(SUFFIX)]
                if records:
                    # A trash entry's own `origin.json` is its deletion record, not a checkpoint's.
                    yield area, base, Path(dirpath), records, Path(dirpath).parent == trash

    def _record_folders(self) -> Iterator[tuple[str, Path, Path, list[str]]]:
        for area, base, folder, names, deletion in self.walk():
            if not deletion:
                yield area, base, folder, names

    def histories(self):
        for area, base, folder, names in self._record_folders():
            manifests, damaged = list_records(folder)
            if manifests or damaged:
                path = decoded_path(base, folder) if area == "files" else None
                yield area, folder, path, manifests, damaged, _bytes(folder, names)

    def pieces(self) -> Iterator[tuple[str, int, float]]:
        for sub in _entries(self.storage.objects.root):
            for obj in _entries(sub.path):
                try:
                    st = obj.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                yield sub.name + obj.name, st.st_size, st.st_mtime

    def piece_figures(self) -> tuple[int, int]:
        count = size = 0
        for _digest, n, _mtime in self.pieces():
            count, size = count + 1, size + n
        return count, size

    def collecting(self) -> bool:
        return False  # a local collection holds gc.lock: the command line waits for it instead

    def _referenced(self, refs_of) -> tuple[set[str], list[Path]]:
        """Every piece any record (kept or in the trash, of any format) refers to, and the records that
        no longer parse. Errors other than a file vanishing abort: a record that failed to be read must
        not make its pieces look unreferenced."""
        referenced: set[str] = set()
        damaged: list[Path] = []
        for _area, _base, folder, names in self._record_folders():
            for name in names:
                try:
                    data = orjson.loads((folder / name).read_bytes())
                    refs = list(refs_of(SimpleNamespace(content=data["content"], extra=data.get("extra"))))
                except FileNotFoundError:
                    continue  # deleted meanwhile, or a broken checkpoint (a missing piece list)
                except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError, DamagedPiece):
                    damaged.append(folder / name)  # a damaged piece list: its pieces cannot be told either
                    continue
                referenced.update(refs)
        return referenced, damaged

    def collect(self, grace_seconds: float, refs_of: Callable[[object], Iterable[str]]) -> tuple[int, int]:
        storage = self.storage
        with storage.scanning():
            referenced, damaged = self._referenced(refs_of)
        self.suspended = ""
        if damaged:
            names = ", ".join(str(f.relative_to(storage.root)) for f in damaged[:5])
            more = f" and {len(damaged) - 5} more" if len(damaged) > 5 else ""
            self.suspended = (
                f"{len(damaged)} damaged checkpoint record(s) ({names}{more}) may refer to any piece; "
                "nothing is collected until they are deleted (`jupyter checkpoints verify` names them)"
            )
            return 0, 0
        with storage.collecting_lock():
            try:
                removed, freed = storage.objects.sweep(referenced, grace_seconds)
            except BaseException:
                storage.usage.invalidate()  # some pieces may be gone uncounted: the next reader recounts
                raise
            storage.usage.add(objects=-removed, object_bytes=-freed)
            storage.usage.flush()
        storage.clean_tmp()
        return removed, freed
