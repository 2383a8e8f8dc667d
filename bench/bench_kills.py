"""Kill docgen at random moments and count what is left running (issue 16, item 1).

For each case (cold audit, render --each, dossier build on the demo) one full run is
timed, then N runs are killed at seeded random moments within that time, each with
SIGKILL or SIGTERM. After each kill: does a reader of stdout see EOF, and is any
process of the run's session still alive two seconds later? Prints kills survived
with nothing left running, the slowest case and the peak memory (the session's RSS).

    .venv/bin/python bench/bench_kills.py [--kills 20] [--seed 16] [--no-pdf]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from projectkit import session  # the test kit: bench/ sits beside tests/

TODAY = "2026-11-01"
GRACE = 2.0  # seconds after the kill before a process still alive counts as left over


def rss(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Sampler(threading.Thread):
    """The session's total RSS, sampled every 50 ms while the run lasts."""

    def __init__(self, sid: int) -> None:
        super().__init__(daemon=True)
        self.sid, self.peak, self.stop = sid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, rss(session(self.sid)))


def cases(demo: Path, work: Path, pdf: bool) -> dict[str, callable]:
    def cold() -> Path:
        target = work / f"p{time.monotonic_ns()}"
        shutil.copytree(demo, target, ignore=shutil.ignore_patterns("out"))
        return target

    def audit() -> list[str]:
        return ["audit", str(cold()), "--today", TODAY]

    def render_each() -> list[str]:
        p = cold()
        data = str(p / "render/assignment.yaml")
        return ["render", "assignment", str(p), "--data", data, "--each", "unit"]

    def dossier() -> list[str]:
        return ["dossier", "build", str(cold()), "--force", "--today", TODAY] + (
            [] if pdf else ["--no-pdf"]
        )

    return {"cold audit": audit, "render --each": render_each, "dossier build": dossier}


def one(args: list[str], delay: float | None, signum: int) -> dict:
    """One run, killed `delay` seconds in (None: not killed)."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    sampler = Sampler(proc.pid)
    sampler.start()
    if delay is not None:
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signum)
    else:
        killed = False
    sent = time.monotonic()
    try:
        proc.communicate(timeout=60 if delay is None else 15)
        eof = True
    except subprocess.TimeoutExpired:
        eof = False
    if delay is None:
        sent = time.monotonic()  # the whole run, for the kills' range
    deadline = time.monotonic() + GRACE
    while (left := session(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    ended = time.monotonic()
    sampler.stop.set()
    sampler.join()
    names = []
    for pid in left:
        try:
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
            os.kill(pid, signal.SIGKILL)  # ours: started in this run's session
        except OSError:
            pass
    proc.wait()
    return {
        "killed": killed,
        "status": proc.returncode,
        "eof": eof,
        "left": names,
        "run": sent - start,
        "settle": ended - sent,
        "peak": sampler.peak,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20, help="kills per case")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--no-pdf", action="store_true", help="dossier build without LibreOffice")
    ap.add_argument("--only", help="run only the case whose name contains this")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="docgen-bench-kills-") as tmp:
        work = Path(tmp)
        demo = work / "demo"
        subprocess.run(
            [sys.executable, "-m", "docgen", "demo", str(demo)], check=True, capture_output=True
        )
        worst, peak, all_ok = ("", 0.0), 0, True
        for name, make in cases(demo, work, pdf=not args.no_pdf).items():
            if args.only and args.only not in name:
                continue
            full = one(make(), None, 0)
            runs = []
            for _ in range(args.kills):
                signum = rng.choice((signal.SIGKILL, signal.SIGTERM))
                runs.append((signum, one(make(), rng.uniform(0.2, full["run"]), signum)))
            clean = [r for _, r in runs if r["eof"] and not r["left"]]
            killed = sum(r["killed"] for _, r in runs)
            statuses = sorted({r["status"] for _, r in runs})
            leftovers = sorted({n for _, r in runs for n in r["left"]})
            slow = max(r["settle"] for _, r in runs)
            top = max([full["peak"]] + [r["peak"] for _, r in runs])
            print(
                f"{name}: {len(clean)}/{len(runs)} kills left nothing running "
                f"({killed} hit a live run; full run {full['run']:.1f} s, status "
                f"{full['status']}); statuses after the kill {statuses}; slowest to settle "
                f"{slow:.2f} s; peak RSS {top / 2**20:.0f} MiB"
                + (f"; LEFT RUNNING: {', '.join(leftovers)}" if leftovers else "")
            )
            all_ok &= len(clean) == len(runs)
            if slow > worst[1]:
                worst = (name, slow)
            peak = max(peak, top)
        print(f"slowest case: {worst[0]} ({worst[1]:.2f} s from kill to nothing left)")
        print(f"peak memory: {peak / 2**20:.0f} MiB (all processes of one run)")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
