"""The worker pool where there is no fork (Windows): workers spawned, each importing
docgen afresh, under the same time limit; where the system has no memory ceiling
(no RLIMIT_AS or no /proc) the run says so once and goes on with the time limit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projectkit import copy_demo, make_docx

from docgen.workers import pool

TODAY = "2026-11-01"


@pytest.fixture
def spawn(monkeypatch):
    monkeypatch.setenv("DOCGEN_START_METHOD", "spawn")


def _item(item):
    if item == "hang":
        time.sleep(60)
    if item == "crash":
        os._exit(139)  # as a segfault in a parser would
    if item == "greedy":
        return len(bytearray(8 << 30))
    if item == "ceiling":  # the address-space limit the worker runs under
        import resource

        return resource.getrlimit(resource.RLIMIT_AS)[0]
    return (item, os.getpid())


def test_start_method_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOCGEN_START_METHOD", "spawn")
    assert pool.start_method() == "spawn"
    monkeypatch.setenv("DOCGEN_START_METHOD", "nonsense")
    assert pool.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")


def test_spawned_workers_return_every_result(spawn):
    items = [f"x{i}" for i in range(100)]
    results = dict(pool.run(items, _item, workers=2))
    assert [results[i][0] for i in range(100)] == items
    pids = {pid for _, pid in results.values()}
    assert os.getpid() not in pids  # run in children, not in place


def test_spawned_worker_crash_and_hang_cost_one_item_each(spawn):
    items = ["a", "crash", "b", "hang", "c"]
    started = time.monotonic()
    results = dict(pool.run(items, _item, workers=1, timeout=1.0))
    assert time.monotonic() - started < 30  # the hang is killed, not waited for
    assert results[1] == pool.Failed("crash") and results[3] == pool.Failed("timeout")
    assert [results[i][0] for i in (0, 2, 4)] == ["a", "b", "c"]


@pytest.mark.skipif(
    pool.resource is None or not os.path.exists(pool.STATM), reason="no memory ceiling here"
)
def test_spawned_worker_memory_ceiling_stops_a_greedy_item(spawn):
    results = dict(pool.run(["a", "ceiling", "greedy"], _item, workers=1, memory=256 << 20))
    assert results[0][0] == "a" and results[2] == pool.Failed("memory")
    assert pool.resource.RLIM_INFINITY != results[1] < 1 << 31  # what it started with + 256 MiB


def test_call_runs_in_a_spawned_child_under_the_time_limit(spawn):
    assert pool.call(os.getpid) != os.getpid()
    assert pool.call(_hang, timeout=1.0) == pool.Failed("timeout")


def _hang():
    time.sleep(60)


@pytest.mark.skipif(pool.resource is None, reason="reads the worker's limit")
def test_no_memory_ceiling_is_said_once_and_the_time_limit_holds(spawn, monkeypatch, capsys):
    unlimited = pool.resource.getrlimit(pool.resource.RLIMIT_AS)[0]
    monkeypatch.setattr(pool, "resource", None)  # as on Windows
    monkeypatch.setattr(pool, "_warned", False)
    results = dict(pool.run(["a", "ceiling", "hang"], _item, workers=1, timeout=1.0))
    dict(pool.run(["b"], _item, workers=1))
    assert results[0][0] == "a" and results[2] == pool.Failed("timeout")
    assert results[1] == unlimited  # the worker was left without a ceiling
    assert capsys.readouterr().err.count(pool.NO_CEILING) == 1


# ---------------------------------------------------------------- the commands


def _docgen(*args: str, spawn: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "DOCGEN_START_METHOD": "spawn" if spawn else "fork"}
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )


def _audit_json(root: Path, out: Path, spawn: bool) -> bytes:
    done = _docgen(
        "audit", str(root), "--format", "json", "--today", TODAY, "-o", str(out), spawn=spawn
    )
    assert done.returncode in (0, 1), done.stderr
    return out.read_bytes()


def test_audit_under_spawn_gives_the_same_json(demo_root, tmp_path):
    forked = _audit_json(copy_demo(demo_root, tmp_path / "a"), tmp_path / "a.json", spawn=False)
    spawned = _audit_json(copy_demo(demo_root, tmp_path / "b"), tmp_path / "b.json", spawn=True)
    assert json.loads(spawned)["findings"]  # a real report, not an empty one
    assert spawned == forked


def test_lint_under_spawn(tmp_path):
    path = make_docx(tmp_path / "通知.docx")
    done = _docgen("lint", "--no-layout", "--format", "json", str(path), spawn=True)
    assert done.returncode in (0, 1), done.stderr
    assert "通知.docx" in done.stdout and "Traceback" not in done.stderr


def test_render_under_spawn(demo_root, tmp_path):
    out = tmp_path / "notice.docx"
    data = demo_root / "render" / "notice.yaml"
    done = _docgen(
        "render", "notice", str(demo_root), "--data", str(data), "-o", str(out), spawn=True
    )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0


ORPHAN = """
import multiprocessing, sys, time
from docgen.workers import lifeline

def child():
    lifeline._watch_parent()  # what a spawned worker does where prctl is not to be had
    time.sleep(60)

if __name__ == "__main__":
    process = multiprocessing.get_context("spawn").Process(target=child)
    process.start()
    print(process.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills the parent outright")
def test_spawned_child_dies_with_its_killed_parent(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(ORPHAN, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    time.sleep(1.0)  # the child has started its watch by now (it imported docgen)
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
