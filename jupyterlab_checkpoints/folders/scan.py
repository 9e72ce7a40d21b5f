"""Walking a folder for a checkpoint: what is recorded and what is left out, and why, without reading
any file (one `lstat` each).

Left out, each listed with its reason: hidden names (starting with '.'; a hidden folder is listed once,
not entered), the checkpoint store, what the ignore rules exclude (ignore.py; an ignored folder is
listed once), files over the size cap, special files (FIFOs, sockets, devices), links leading out of
the server's root, names that are not valid UTF-8. Links are never followed: a link is recorded as a
link (its target text), and a linked folder is not entered.

A walk is bounded: `max_files` entries recorded, and `max_seconds` in all (a folder on a hung network
mount, or rules that match slowly, answer 503 with a message instead of holding a worker thread).
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field

from ..store.errors import StoreError
from .ignore import IgnoreRules

MAX_SKIPPED = 1000  # listed; more are only counted (`skipped_more`), so one answer stays small

HIDDEN, IGNORED, STORE, TOO_LARGE, SPECIAL, LINK_OUTSIDE, BAD_NAME = (
    "hidden",
    "ignored",
    "store",
    "too-large",
    "special",
    "link-outside-root",
    "name-not-utf8",
)


class TooManyFiles(StoreError):
    status = 413


class ScanTooSlow(StoreError):
    status = 503


@dataclass
class Found:
    rel: str  # "/"-separated, relative to the checkpointed folder
    os_path: str
    type: str  # "file" | "link"
    st: os.stat_result  # lstat: the file itself, never what a link names
    target: str | None = None  # a link's target text


@dataclass
class Scan:
    found: list[Found] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    skipped_more: int = 0

    def skip(self, rel: str, reason: str) -> None:
        if len(self.skipped) < MAX_SKIPPED:
            self.skipped.append({"path": rel, "reason": reason})
        else:
            self.skipped_more += 1


def inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@dataclass
class Walker:
    server_root: str  # real path
    store_root: str  # real path
    max_file_size: int
    max_files: int
    honour_gitignore: bool = True
    max_seconds: float = 300.0

    def scan(self, os_folder: str) -> Scan:
        out = Scan()
        deadline = time.monotonic() + self.max_seconds
        # Each folder's rules are those above it plus its own rule files, read once it is listed.
        stack = [(os_folder, "", IgnoreRules(honour_gitignore=self.honour_gitignore))]
        while stack:
            os_dir, prefix, above = stack.pop()
            if time.monotonic() > deadline:
                raise ScanTooSlow(
                    f"listing this folder took more than {self.max_seconds:g} s; nothing was recorded "
                    "(leave large or slow folders out with a .checkpointignore file)"
                )
            try:
                with os.scandir(os_dir) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except (FileNotFoundError, NotADirectoryError):
                continue  # removed while walking: it simply is not part of this checkpoint
            except PermissionError:
                out.skip(prefix.rstrip("/"), "unreadable")
                continue
            rules = above.enter(os_dir, prefix, {e.name for e in entries})
            below = []
            for entry in entries:
                sub = self._entry(entry, prefix, rules, out)
                if sub is not None:
                    below.append(sub)
            stack.extend(reversed(below))  # depth first, in name order
        if len(out.found) > self.max_files:
            raise TooManyFiles(
                f"this folder has {len(out.found)} files to record, more than the limit of {self.max_files} "
                "(c.FolderCheckpoints.max_files); leave some out with a .checkpointignore file"
            )
        out.found.sort(key=lambda f: f.rel)
        return out

    def _entry(self, entry: os.DirEntry, prefix: str, rules: IgnoreRules, out: Scan):
        rel = prefix + entry.name
        try:
            entry.name.encode("utf-8")
        except UnicodeEncodeError:
            out.skip(os.fsencode(rel).decode("utf-8", "replace"), BAD_NAME)
            return None
        if entry.name.startswith("."):
            out.skip(rel, HIDDEN)
            return None
        try:
            st = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            return None
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            if inside(os.path.realpath(entry.path), self.store_root):
                out.skip(rel, STORE)
            elif rules.ignored(rel, True):
                out.skip(rel, IGNORED)
            else:
                return entry.path, rel + "/", rules
            return None
        if rules.ignored(rel, False):
            out.skip(rel, IGNORED)
        elif stat.S_ISLNK(mode):
            if not inside(os.path.realpath(entry.path), self.server_root):
                out.skip(rel, LINK_OUTSIDE)
            else:
                out.found.append(Found(rel, entry.path, "link", st, os.readlink(entry.path)))
        elif not stat.S_ISREG(mode):
            out.skip(rel, SPECIAL)
        elif st.st_size > self.max_file_size:
            out.skip(rel, TOO_LARGE)
        else:
            out.found.append(Found(rel, entry.path, "file", st))
        return None
