"""Planted state in out/ against the demo project (issue 16, item 4): for each planted
store, one `docgen audit --format json` run, timed, with its peak memory; it must end,
set the store aside with a warning and give the same report as a cold run.

    .venv/bin/python bench/bench_planted.py
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TODAY = "2026-11-01"
CACHE = Path("out/.cache")
MEMO = CACHE / "audit-memo.pickle"
INSPECT = CACHE / "inspect.sqlite"
EXTRACT = CACHE / "extract.sqlite"
HISTORY = Path("out/.history/audit-history.sqlite")
PROBE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "sys.stdout.buffer.write(done.stdout)\n"
    "sys.stderr.buffer.write(done.stderr)\n"
    "sys.stderr.write('\\nPEAK %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(done.returncode)\n"
)


def audit(root: Path) -> tuple[int, str, str, float, float]:
    """(exit status, stdout, stderr, seconds, peak MiB) of one audit in a child process."""
    cmd = [sys.executable, "-m", "docgen", "audit", str(root), "--today", TODAY]
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *cmd, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    seconds = time.monotonic() - start
    err, peak = done.stderr.rsplit("PEAK ", 1)
    return done.returncode, done.stdout, err, seconds, int(peak) / 1024


def endless(path: Path, table: str) -> None:
    """`table` replaced by a view that never ends."""
    with sqlite3.connect(path) as con:
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        picked = ", ".join(f"x AS {c}" for c in columns)
        con.execute(f"DROP TABLE {table}")
        con.execute(
            f"CREATE VIEW {table} AS WITH RECURSIVE c(x) AS "
            f"(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT {picked} FROM c"
        )
    con.close()


def trigger(path: Path, table: str) -> None:
    with sqlite3.connect(path) as con:
        con.execute(
            f"CREATE TRIGGER planted AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table} SELECT * FROM {table}; END"
        )
    con.close()


def bare_finding(path: Path) -> None:
    from docgen.findings import Finding

    head, key, payload = path.read_bytes().split(b"\n", 2)
    data = pickle.loads(payload)  # the cold run's own memo
    data["findings"] = [object.__new__(Finding)]
    path.write_bytes(head + b"\n" + key + b"\n" + pickle.dumps(data))


def without_memo(plant: Callable[[Path], None]) -> Callable[[Path], None]:
    """Plant, then move the memo away so that the caches are read."""

    def run(root: Path) -> None:
        plant(root)
        os.replace(root / MEMO, root / "out" / "memo-moved")

    return run


CASES: dict[str, tuple[Callable[[Path], None], Path]] = {
    "history run table as an endless view": (lambda r: endless(r / HISTORY, "run"), HISTORY),
    "history trigger": (lambda r: trigger(r / HISTORY, "run"), HISTORY),
    "inspection cache as an endless view": (
        without_memo(lambda r: endless(r / INSPECT, "files")),
        INSPECT,
    ),
    "inspection cache trigger": (without_memo(lambda r: trigger(r / INSPECT, "files")), INSPECT),
    "extract cache as an endless view": (
        without_memo(lambda r: endless(r / EXTRACT, "said")),
        EXTRACT,
    ),
    "8 GiB sparse memo": (lambda r: os.truncate(r / MEMO, 8 * 1024**3), MEMO),
    "memo holding a Finding without attributes": (lambda r: bare_finding(r / MEMO), MEMO),
}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-planted-"))
    try:
        base = work / "demo"
        subprocess.run([sys.executable, "-m", "docgen", "demo", str(base)], check=True,
                       capture_output=True)  # fmt: skip
        past = time.time_ns() - 86_400 * 10**9  # files a day old: the memo is stored
        for path in (base / "archive").rglob("*"):
            os.utime(path, ns=(past, past))
        status, cold, _, cold_s, cold_mib = audit(base)
        print(f"cold audit of the demo: exit {status}, {cold_s:.2f} s, peak {cold_mib:.0f} MiB")
        handled, slowest, peak = 0, ("", 0.0), 0.0
        for name, (plant, store) in CASES.items():
            root = work / "case"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(base, root, symlinks=True)
            audit(root)  # the copy's own stores (a copied memo's key no longer matches)
            plant(root)
            status, out, err, seconds, mib = audit(root)
            aside = list((root / store).parent.glob(f"{store.name}.invalid-*"))
            ok = status == 1 and out == cold and len(aside) == 1 and "警告" in err
            handled += ok
            slowest = max(slowest, (name, seconds), key=lambda s: s[1])
            peak = max(peak, mib)
            print(f"  {name}: exit {status}, {seconds:.2f} s, peak {mib:.0f} MiB, "
                  f"set aside {len(aside)}, report as cold {out == cold}"
                  f"{'' if ok else '  <-- NOT HANDLED'}")  # fmt: skip
        print(f"planted stores handled: {handled}/{len(CASES)}")
        print(f"slowest case: {slowest[0]} ({slowest[1]:.2f} s)")
        print(f"peak memory: {peak:.0f} MiB")
        return 0 if handled == len(CASES) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
