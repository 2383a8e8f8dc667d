"""Run a function over many items in worker processes, each item under a time limit.

A file built to hang or exhaust a parser must cost the audit one finding, not the
run. So every item runs in a child process with a memory ceiling; the parent
watches each child's progress (which item it is on, plus a heartbeat the item's
code may bump while it streams a large file) and kills a child that stands still
for FILE_TIMEOUT seconds. That item is reported as failed, the child is replaced
and the rest of its batch is handed out again. Items travel in batches and results
come back in batches, so 20,000 small files do not cost 40,000 messages.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

FILE_TIMEOUT = 20.0  # seconds without progress on one item before its worker is killed
MEMORY_LIMIT = 1 << 30  # address space a worker may add to what it inherited
MAX_WORKERS = 8
SMALL_JOB = 64  # fewer items than this: one worker is quicker than starting several
MAX_BATCH = 64

Batch = list[tuple[int, Any]]


@dataclass(frozen=True)
class Failed:
    """An item that produced no result. kind: timeout | crash | memory | error."""

    kind: str
    detail: str = ""


# ---------------------------------------------------------------- inside a worker

_beats = None  # the worker's heartbeat counter; None in the parent process


def beat() -> None:
    """Tell the parent this worker is still making progress (e.g. once per MiB read)."""
    if _beats is not None:
        _beats.value += 1


def _serve(conn, fn: Callable, current, beats) -> None:
    global _beats
    _beats = beats
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory()
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        out = []
        for i, item in batch:
            current.value = i
            out.append((i, _call(fn, item)))
        current.value = -1
        conn.send(out)


def _call(fn: Callable, item: Any) -> Any:
    try:
        return fn(item)
    except MemoryError:
        return Failed("memory")
    except Exception as e:  # noqa: BLE001 - a parser bug must not cost the rest of the batch
        return Failed("error", f"{type(e).__name__}: {e}")


def _limit_memory() -> None:
    """Cap the address space at what the fork inherited plus MEMORY_LIMIT, so that a
    big parent (a 100,000-row ledger) still leaves its workers room to work."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            inherited = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = inherited + MEMORY_LIMIT
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: run without the ceiling


# ---------------------------------------------------------------- in the parent


class _Worker:
    def __init__(self, ctx, fn: Callable) -> None:
        self.ctx, self.fn = ctx, fn
        self.process = None
        self.batch: Batch | None = None
        self.mark: tuple[int, int] = (-1, 0)
        self.since = 0.0

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.current = self.ctx.RawValue("q", -1)
        self.beats = self.ctx.RawValue("Q", 0)
        args = (child, self.fn, self.current, self.beats)
        self.process = self.ctx.Process(target=_serve, args=args, daemon=True)
        self.process.start()
        child.close()  # so that our end sees EOF when the worker dies

    def give(self, queue: deque[Batch]) -> None:
        if not queue:
            return
        self.batch = queue.popleft()
        for _ in range(3):
            if self.process is None or not self.process.is_alive():
                self.stop()
                self.start()
            try:
                self.conn.send(self.batch)
            except OSError:  # died between batches: start a fresh one and resend
                self.stop()
                continue
            self.mark, self.since = (-1, self.beats.value), time.monotonic()
            return
        raise RuntimeError("无法启动文件检查子进程")

    def waitables(self) -> list:
        return [self.conn, self.process.sentinel]

    def receive(self) -> list | None:
        """The finished batch's results, or None when the worker died instead."""
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        return None

    def stalled(self, now: float) -> bool:
        mark = (self.current.value, self.beats.value)
        if mark != self.mark:
            self.mark, self.since = mark, now
            return False
        return now - self.since > FILE_TIMEOUT

    def fail(self, kind: str, queue: deque[Batch]) -> Iterator[tuple[int, Failed]]:
        """Kill the worker; the item it was on fails, the rest of its batch goes back."""
        culprit = self.current.value
        self.stop()
        batch, self.batch = self.batch or [], None
        if any(i == culprit for i, _ in batch):
            yield culprit, Failed(kind)
            rest = [(i, item) for i, item in batch if i != culprit]
            if rest:
                queue.appendleft(rest)
        else:  # died between items (e.g. sending results): fail the batch rather than retry forever
            for i, _ in batch:
                yield i, Failed(kind)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        self.process = None


def run(items: Sequence[Any], fn: Callable[[Any], Any],
        workers: int | None = None) -> Iterator[tuple[int, Any]]:
    """Yield (index, fn(items[index]) or Failed) for every item, in completion order."""
    if not items:
        return
    count = workers or worker_count(len(items))
    size = max(1, min(MAX_BATCH, len(items) // (count * 8)))
    numbered = list(enumerate(items))
    queue: deque[Batch] = deque(numbered[s:s + size] for s in range(0, len(numbered), size))
    ctx = _context()
    crew = [_Worker(ctx, fn) for _ in range(min(count, len(queue)))]
    try:
        for w in crew:
            w.give(queue)
        while any(w.batch is not None for w in crew):
            yield from _step(crew, queue)
    finally:
        for w in crew:
            w.stop()


def _step(crew: list[_Worker], queue: deque[Batch]) -> Iterator[tuple[int, Any]]:
    busy = [w for w in crew if w.batch is not None]
    ready = set(wait([x for w in busy for x in w.waitables()], timeout=min(0.5, FILE_TIMEOUT / 4)))
    now = time.monotonic()
    for w in busy:
        if ready.intersection(w.waitables()):
            results = w.receive()
            if results is None:
                yield from w.fail("crash", queue)
            else:
                w.batch = None
                yield from results
        elif w.stalled(now):
            yield from w.fail("timeout", queue)
        if w.batch is None:
            w.give(queue)


def worker_count(n: int) -> int:
    if n < SMALL_JOB:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def _context():
    # fork: workers start in milliseconds and share the parent's memory (the cache's
    # known results) without pickling. Elsewhere fall back to spawn.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
