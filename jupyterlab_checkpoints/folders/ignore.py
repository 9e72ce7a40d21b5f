"""Which paths a folder checkpoint leaves out by rule: `.checkpointignore` files (gitignore syntax) and,
when `honour_gitignore` is on, `.gitignore` files, in the folder and any folder below it.

As in git, a rule file applies to its own folder and below, with paths relative to that folder, and a
deeper file's rules come after (so override) a shallower one's; within one file the last matching rule
wins, `!pattern` re-includes. An ignored folder is not entered, so nothing under it can be re-included
(git's rule too).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pathspec

RULE_FILES = (".gitignore", ".checkpointignore")  # the later one's rules win over the earlier one's


@dataclass(frozen=True)
class _Rules:
    prefix: str  # the folder the rules belong to, relative to the checkpointed folder, "" or "a/b/"
    spec: pathspec.GitIgnoreSpec


def _read_rules(os_dir: str, name: str) -> list[str]:
    try:
        with open(os.path.join(os_dir, name), encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError):
        return []


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
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
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
