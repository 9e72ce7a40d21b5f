"""Which paths a folder checkpoint leaves out by rule: `.checkpointignore` files (gitignore syntax) and,
when `honour_gitignore` is on, `.gitignore` files, in the folder and any folder below it.

As in git, a rule file applies to its own folder and below, with paths relative to that folder, and a
deeper file's rules come after (so override) a shallower one's; within one file the last matching rule
wins, `!pattern` re-includes. An ignored folder is not entered, so nothing under it can be re-included
(git's rule too).

Rule files come from whatever folder is checkpointed (a cloned repository is enough), so they are read
and matched as hostile input:
- Patterns compile to RE2 (pathspec's `re2` backend, google-re2): matching takes time linear in the
  name, where Python's backtracking `re` took minutes for `*a*a*a*a*a*a*a*a*b` against a long name and
  held the interpreter lock meanwhile (no thread keeps the server answering then).
- Only regular files are read: a FIFO, socket or device named `.gitignore` is never opened for reading
  (lstat first, then opened non-blocking without following links and checked again with fstat, so a
  swap in between cannot block). A rule file is read up to MAX_RULE_BYTES; lines past MAX_RULES or
  longer than MAX_PATTERN_CHARS are dropped.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

import pathspec

RULE_FILES = (".gitignore", ".checkpointignore")  # the later one's rules win over the earlier one's
MAX_RULE_BYTES = 1 << 20  # git's own ignore files of large projects stay far below (tens of KB)
MAX_RULES = 10_000
MAX_PATTERN_CHARS = 1024
BACKEND = "re2"


@dataclass(frozen=True)
class _Rules:
    prefix: str  # the folder the rules belong to, relative to the checkpointed folder, "" or "a/b/"
    spec: pathspec.GitIgnoreSpec


def _read_rules(os_dir: str, name: str) -> list[str]:
    """The rule lines of a regular file (none for anything else), within the bounds above."""
    path = os.path.join(os_dir, name)
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return []
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # gone, a link now (ELOOP), unreadable
        return []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []  # swapped for a FIFO or a device after the lstat: opened, never read
        raw = os.read(fd, MAX_RULE_BYTES)
    except OSError:
        return []
    finally:
        os.close(fd)
    lines = raw.decode("utf-8", "replace").splitlines()
    return [line for line in lines[:MAX_RULES] if len(line) <= MAX_PATTERN_CHARS]


def compile_rules(lines: list[str]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(lines, backend=BACKEND)


class IgnoreRules:
    """The rules in force in one folder: those of every folder above it (within the checkpointed one)."""

    def __init__(self, stack: tuple[_Rules, ...] = (), honour_gitignore: bool = True):
        self.stack = stack
        self.honour_gitignore = honour_gitignore

    def enter(self, os_dir: str, rel_dir: str, names: set[str]) -> IgnoreRules:
        """The rules for the folder `rel_dir` ("" or "a/b/") holding `names`, adding its own rule files."""
        lines: list[str] = []
        for name in RULE_FILES:
            if name not in names or (name == ".gitignore" and not self.honour_gitignore):
                continue
            lines.extend(_read_rules(os_dir, name))
        if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
            return self
        spec = compile_rules(lines)
        return IgnoreRules((*self.stack, _Rules(rel_dir, spec)), self.honour_gitignore)

    def ignored(self, rel: str, is_dir: bool) -> bool:
        """Whether `rel` ("/"-separated, relative to the checkpointed folder) is left out."""
        verdict = False
        for rules in self.stack:
            if not rel.startswith(rules.prefix):
                continue
            local = rel[len(rules.prefix) :] + ("/" if is_dir else "")
            include = rules.spec.check_file(local).include
            if include is not None:  # True: matched an ignore rule; False: matched a `!` rule
                verdict = include
        return verdict
