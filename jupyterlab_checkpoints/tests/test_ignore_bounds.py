"""Rule files are hostile input: matching is linear in the name, and only regular files are read."""

import multiprocessing
import os
import threading
import time

from jupyterlab_checkpoints.folders.ignore import IgnoreRules

BACKTRACKING = "*a*a*a*a*a*a*a*a*a*a*b"


def _match_in_child(folder: str, name: str, answer) -> None:
    rules = IgnoreRules().enter(folder, "", {".gitignore"})
    # The child's CPU time, not the wall clock: the bound is on the matcher's work, which a busy machine
    # does not change (a backtracking matcher spends seconds of CPU on this name).
    started = time.process_time()
    answer.put((rules.ignored(name, False), time.process_time() - started))


def test_a_backtracking_pattern_matches_a_long_name_at_once(tmp_path):
    (tmp_path / ".gitignore").write_text(f"{BACKTRACKING}\n")
    # In a child process: a backtracking matcher would hold this process's interpreter for minutes.
    answer = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_match_in_child, args=(str(tmp_path), "a" * 80, answer))
    child.start()
    child.join(10)
    if child.is_alive():
        child.kill()
        child.join()
        raise AssertionError("matching one 80-character name took more than 10 s")
    ignored, seconds = answer.get(timeout=5)
    assert ignored is False and seconds < 0.05
    # The rule still works where it should.
    rules = IgnoreRules().enter(str(tmp_path), "", {".gitignore"})
    assert rules.ignored("a" * 40 + "b", False)


def test_a_fifo_named_like_a_rule_file_is_never_opened_for_reading(tmp_path):
    os.mkfifo(tmp_path / ".checkpointignore")
    (tmp_path / ".gitignore").write_text("*.log\n")
    done = []
    worker = threading.Thread(
        target=lambda: done.append(IgnoreRules().enter(str(tmp_path), "", {".gitignore", ".checkpointignore"})),
        daemon=True,
    )
    worker.start()
    worker.join(5)
    if worker.is_alive():
        # Unblock the reader this test started, so the test run can end.
        fd = os.open(tmp_path / ".checkpointignore", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(5)
        raise AssertionError("reading the rules blocked on a FIFO")
    assert done[0].ignored("x.log", False) and not done[0].ignored("x.txt", False)


def test_rule_files_are_bounded(tmp_path):
    long_pattern = "x" * 2000  # over the 1024 characters a pattern may have
    (tmp_path / ".gitignore").write_text(f"{long_pattern}\n*.tmp\n")
    rules = IgnoreRules().enter(str(tmp_path), "", {".gitignore"})
    assert not rules.ignored(long_pattern, False)  # dropped, not compiled
    assert rules.ignored("a.tmp", False)
    # A link named .gitignore is not followed (its target may be anything, a FIFO included).
    other = tmp_path / "sub"
    other.mkdir()
    (other / ".gitignore").symlink_to(tmp_path / ".gitignore")
    assert IgnoreRules().enter(str(other), "sub/", {".gitignore"}).stack == ()
