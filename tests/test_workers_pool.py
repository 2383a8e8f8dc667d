"""The worker pool that inspects files: hanging and crashing items, batches requeued,
the memory ceiling, work alongside, per-file timeouts."""

from __future__ import annotations

import os
import time

import pytest
from projectkit import (
    make_pdf,
)

from docgen import inspect as inspection
from docgen.errors import InputError
from docgen.model import FileEntry
from docgen.workers import pool

# ---------------------------------------------------------------- worker pool


def _slow_or_crash(item):
    if item == "slow":
        time.sleep(60)
    if item == "crash":
        os._exit(139)  # as a segfault in a parser would
    if item == "boom":
        raise ValueError("bad")
    return item.upper()


def test_pool_survives_a_hanging_and_a_crashing_item(monkeypatch):
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    items = ["a", "slow", "b", "crash", "c", "boom", "d"]
    started = time.monotonic()
    results = dict(pool.run(items, _slow_or_crash, workers=2))
    assert time.monotonic() - started < 5
    assert [results[i] for i in (0, 2, 4, 6)] == ["A", "B", "C", "D"]
    assert results[1] == pool.Failed("timeout") and results[3] == pool.Failed("crash")
    assert results[5].kind == "error"


def test_pool_requeues_the_rest_of_a_batch(monkeypatch):
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    items = [f"x{i}" for i in range(300)]
    items[40], items[170] = "crash", "slow"  # batches of 18: both fall mid-batch
    results = dict(pool.run(items, _slow_or_crash, workers=2))
    assert len(results) == 300
    assert results[40] == pool.Failed("crash") and results[170] == pool.Failed("timeout")
    assert all(results[i] == f"X{i}" for i in range(300) if i not in (40, 170))


def _greedy(item):
    return len(bytearray(item))


def test_pool_memory_ceiling():
    results = dict(pool.run([10, 8 << 30, 20], _greedy, workers=1))
    assert results == {0: 10, 1: pool.Failed("memory"), 2: 20}


def test_pool_forks_no_worker_while_work_runs_alongside(monkeypatch):
    """Workers are forked before the alongside thread starts; the ones replacing a
    timed-out or crashed worker only once it has finished. Nothing is lost meanwhile."""
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    loading = pool.Background(lambda: time.sleep(2.5) or "loaded")
    forks = []
    real_start = pool._Worker.start

    def start(worker):
        forks.append(loading.running())
        real_start(worker)

    monkeypatch.setattr(pool._Worker, "start", start)
    items = [f"x{i}" for i in range(40)]
    items[3], items[25] = "slow", "crash"
    results = dict(pool.run(items, _slow_or_crash, workers=2, alongside=loading))
    assert loading.result() == "loaded"
    assert results[3] == pool.Failed("timeout") and results[25] == pool.Failed("crash")
    assert all(results[i] == f"X{i}" for i in range(40) if i not in (3, 25))
    assert len(forks) >= 3 and not any(forks)  # two at the start, replacements after the thread


def test_pool_stops_early_when_the_alongside_work_fails():
    def fail():
        time.sleep(0.3)
        raise InputError("目录无法读取")

    loading = pool.Background(fail)
    started = time.monotonic()
    results = dict(pool.run([0.05] * 400, time.sleep, workers=2, alongside=loading))
    assert time.monotonic() - started < 5 and len(results) < 400
    with pytest.raises(InputError):
        loading.result()


def test_background_not_started_runs_in_place():
    assert pool.Background(lambda: 42).result() == 42
    assert dict(pool.run([], str, alongside=pool.Background(lambda: 1))) == {}


def test_inspect_timeout_marks_only_that_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "FILE_TIMEOUT", 0.6)
    slow, fine = tmp_path / "slow.pdf", make_pdf(tmp_path / "fine.pdf")
    slow.write_bytes(fine.read_bytes())
    real = inspection.inspect_file

    def hook(path, ext, known=None):  # a test-only format check that hangs on one file
        if path.endswith("slow.pdf"):
            time.sleep(60)
        return real(path, ext, known)

    monkeypatch.setattr(inspection, "inspect_file", hook)
    entries = [FileEntry(p.name, p, p.stat().st_size, p.stat().st_mtime_ns) for p in (slow, fine)]
    got = inspection.inspect_files(entries)
    assert got["slow.pdf"].status == "unreadable" and "检查超时" in got["slow.pdf"].reason
    assert got["fine.pdf"].status == "ok" and got["fine.pdf"].pages == 1
