"""Print one `N passed, N failed` line summing the jest, pytest and Playwright logs given as arguments.

A suite whose log is missing or has no result line counts as one failure, so a crash is never silent.
A lint log (its last line `lint: passed` or `lint: failed`, written by `make lint`) counts one failure
when lint failed and nothing otherwise. The names of failed tests are printed above their suite's line
(CI keeps only the end of the output), and each suite's line ends with its times: the Makefile appends
`suite time: <seconds>s cpu <seconds>s` to each log (wall time, and the CPU time of the suite's
processes); suites run side by side, so the wall times overlap.
Exits non-zero when anything failed.
"""

import re
import sys
from pathlib import Path

PATTERNS = {
    # jest: "Tests:       2 failed, 1 skipped, 40 passed, 43 total"
    "jest": (re.compile(r"^Tests:\s+(.*total)", re.M), re.compile(r"(\d+) (passed|failed)")),
    # pytest: "== 3 failed, 50 passed, 2 skipped in 12.3s ==" (or "50 passed in ..." with -q)
    "pytest": (
        re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in [\d.]+s", re.M),
        re.compile(r"(\d+) (passed|failed|errors?)"),
    ),
    # playwright list reporter: "  12 passed (1.2m)" / "  2 failed" / "  1 flaky"
    "playwright": (
        re.compile(r"^\s+(\d+ (?:passed|failed|flaky))\b", re.M),
        re.compile(r"(\d+) (passed|failed|flaky)"),
    ),
}


LINT = re.compile(r"^lint: (passed|failed)$", re.M)
SUITE_TIME = re.compile(r"^suite time: (\d+)s(?: cpu (\d+)s)?$", re.M)

# pytest's short summary ("FAILED path::test - reason"; not a captured log line "ERROR    logger:..."),
# jest's "✕ name" and Playwright's "✘ ... › name".
FAILED_LINES = re.compile(r"^(?:FAILED|ERROR) \S+\.py\b.*$|^\s+✕ .*$|^\s+✘ .*$", re.M)


def failures(log: Path):
    text = read(log)
    if LINT.findall(text)[-1:] == ["failed"]:
        # Lint findings have no common shape: the end of the log, where the failing checker wrote.
        kept = [line for line in text.splitlines() if line.strip() and not SUITE_TIME.match(line)]
        return [line[:300] for line in kept[-16:-1]]
    seen = []
    for line in FAILED_LINES.findall(text):
        line = line.strip()[:300]
        if line not in seen:
            seen.append(line)
    return seen


def read(log: Path) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def suite_time(log: Path) -> str:
    found = SUITE_TIME.findall(read(log))
    if not found:
        return ""
    wall, cpu = found[-1]
    return f" in {minutes(wall)}" + (f" (cpu {minutes(cpu)})" if cpu else "")


def minutes(seconds: str) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m}m{s:02d}s"


def count(log: Path):
    text = read(log)
    lint = LINT.findall(text)
    if lint:
        return "lint", 0, int(lint[-1] == "failed")
    for name, (line_re, item_re) in PATTERNS.items():
        lines = line_re.findall(text)
        if not lines:
            continue
        passed = failed = 0
        chunks = lines[-1:] if name != "playwright" else lines
        for chunk in chunks:
            for n, what in item_re.findall(chunk):
                if what in ("passed", "flaky"):
                    passed += int(n)
                else:
                    failed += int(n)
        if name == "jest":
            # A suite that does not compile has no tests to count; it still failed.
            failed += text.count("Test suite failed to run")
        return name, passed, failed
    return "missing", 0, 1


def main(paths):
    total_passed = total_failed = 0
    for p in paths:
        name, passed, failed = count(Path(p))
        for line in failures(Path(p)):
            print(f"  {line}")
        counts = ("failed" if failed else "passed") if name == "lint" else f"{passed} passed, {failed} failed"
        print(f"{p} ({name}): {counts}{suite_time(Path(p))}")
        total_passed += passed
        total_failed += failed
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
