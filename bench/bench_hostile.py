"""The hostile corpus's cost: every command's wall time and peak memory.

Runs tests/test_hostile*.py (audit, render/templates, lint, dossier verify) and prints
the slowest commands and the largest peak memory (docgen and the workers it reaped).
By default each command starts afresh (`python -m docgen`, DOCGEN_HOSTILE_REAL=1), as a
user runs it, so the memory is docgen's own; `--fork-server` measures the way `make
test` runs them (forked from a process that has docgen imported: faster, and each
peak includes that process's ~100 MiB).

    .venv/bin/python bench/bench_hostile.py [--fork-server] [--top 5] [-k EXPR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "tests/test_hostile.py",
    "tests/test_hostile_commands.py",
    "tests/test_hostile_render.py",
    "tests/test_hostile_lint.py",
    "tests/test_hostile_dossier.py",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fork-server", action="store_true", help="run the commands as make test does")
    ap.add_argument(
        "--top", type=int, default=5, help="how many of the slowest and the largest to list"
    )
    ap.add_argument("-k", dest="select", help="only the tests pytest -k selects")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-hostile-") as tmp:
        stats_file = Path(tmp) / "stats.json"
        env = dict(os.environ, DOCGEN_HOSTILE_STATS=str(stats_file))
        env["DOCGEN_HOSTILE_REAL"] = "0" if args.fork_server else "1"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *MODULES]
        if args.select:
            command += ["-k", args.select]
        start = time.monotonic()
        done = subprocess.run(
            command, cwd=ROOT, env=env, check=False, capture_output=True, text=True
        )
        wall = time.monotonic() - start
        tail = [
            line for line in done.stdout.splitlines() if " passed" in line or " failed" in line
        ][-1:] or [""]
        if not stats_file.exists():
            print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
            return 1
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
    how = (
        "forked from a server that has docgen imported"
        if args.fork_server
        else "each started afresh"
    )
    print(f"hostile corpus: {len(stats)} commands ({how}); pytest {wall:.1f} s wall, {tail[0]}")
    print(f"sum of the commands' wall times: {sum(s['seconds'] for s in stats):.1f} s")
    print("slowest:")
    for s in sorted(stats, key=lambda s: -s["seconds"])[: args.top]:
        print(
            f"  {s['seconds']:7.2f} s  exit {s['status']}  {s['case']}  ({' '.join(s['args'][:2])})"
        )
    print("largest peak memory:")
    for s in sorted(stats, key=lambda s: -s["max_rss_mib"])[: args.top]:
        print(
            f"  {s['max_rss_mib']:7.0f} MiB  exit {s['status']} "
            f" {s['case']}  ({' '.join(s['args'][:2])})"
        )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
