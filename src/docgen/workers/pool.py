"""Run a function over many items in worker processes, each item under a time limit.

A file built to hang or exhaust a parser must cost the audit one finding, not the
run. So every item runs in a child process with a memory ceiling; the parent
watches each child's progress (which item it is on, plus a heartbeat the item's
code may bump while it streams a large file) and kills a child that stands still
for FILE_TIMEOUT seconds. That item is reported as failed, the child is replaced
and the rest of its batch is handed out again. Items travel in batches and results
come back in batches, so 20,000 small files do not cost 40,000 messages.
A worker dies with its parent and holds none of its pipes (lifeline.py).

Workers are forked on Linux and spawned elsewhere (DOCGEN_START_METHOD overrides,
start_method()). A spawned worker imports docgen afresh and sees none of the
parent's module globals, so every fn handed to the pool, and every item, must
pickle: a module-level function, or a functools.partial of one with picklable
arguments — never a lambda or a closure, even where workers are forked.
"""

from __future__ import annotations

import gc
import multiprocessing
import operator
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from . import lifeline

try:  # imported here, not in the worker: nothing is imported after a fork
    import resource
except ImportError:  # Windows
    resource = None

FILE_TIMEOUT = 20.0  # seconds without progress on one item before its worker is killed
MEMORY_LIMIT = 1 << 30  # address space a worker may add to what it inherited
MAX_WORKERS = 8
SMALL_JOB = 64  # fewer items than this: one worker is quicker than starting several
MAX_BATCH = 64
STARTUP_TIMEOUT = 120.0  # seconds a worker may take to start (a spawned one imports docgen)
STARTING = -2  # a worker's `current` until it is ready for its first batch
STATM = "/proc/self/statm"  # what a worker has mapped when it starts (Linux)
NO_CEILING = "提示：此系统不支持子进程内存上限，已跳过（仅时间上限生效）"

Batch = list[tuple[int, Any]]


@dataclass(frozen=True)
class Failed:
    """An item that produced no result. kind: timeout | crash | memory | error."""

    kind: str
    detail: str = ""


class Background:
    """`fn` run in a thread of its own while the pool works (no worker is forked while
    it runs: a fork copies a thread's locks mid-use). Nothing started it (no files to
    inspect)? `result()` runs it in place."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._thread: threading.Thread | None = None
        self._result: Any = None
        self._error: BaseException | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="docgen-background", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._fn()
        except BaseException as e:  # noqa: BLE001 - handed to whoever asks for the result
            self._error = e

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def failed(self) -> bool:
        """Finished with an exception: no point going on with the rest."""
        return self._thread is not None and not self._thread.is_alive() and self._error is not None

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def result(self) -> Any:
        """fn's return value, or its exception raised here."""
        if self._thread is None:
            return self._fn()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


# ---------------------------------------------------------------- inside a worker

_beats = None  # the worker's heartbeat counter; None in the parent process
_warned = False  # the parent has said there is no memory ceiling here


def beat() -> None:
    """Tell the parent this worker is still making progress (e.g. once per MiB read)."""
    if _beats is not None:
        _beats.value += 1


def _serve(
    conn, fn: Callable, current, beats, memory: int | None, parent: int, inherited: frozenset[int]
) -> None:
    """The worker's loop. `memory`: bytes it may add to what it has on starting (None:
    no ceiling); `parent`: the parent's pid; `inherited`: descriptors a fork copied."""
    global _beats
    _beats = beats
    lifeline.die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (cli.py)
    lifeline.close_inherited(inherited, keep=conn.fileno())
    gc.enable()  # the parent may have paused the collector (audit.py); a worker runs for long
    if memory is not None:
        _limit_memory(memory)
    current.value = -1  # ready: from here on the item's time limit applies
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
    except BaseException as e:  # a native parser's panic (pyo3's PanicException is no Exception)
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return Failed("crash", f"{type(e).__name__}: {str(e)[:200]}")


def _limit_memory(extra: int) -> None:
    """Cap the address space at what the worker has on starting (a fork: the parent's
    all) plus `extra` bytes, so that a big parent (a 100,000-row ledger) still leaves
    its workers room to work."""
    try:
        with open(STATM, encoding="ascii") as f:
            inherited = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = inherited + extra
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        pass  # the parent checked (ceiling()); a sandbox may still refuse it


def ceiling(memory: int | None) -> int | None:
    """The ceiling workers are to set (MEMORY_LIMIT when `memory` is None), or None
    where the system has none to set (Windows; macOS has no /proc): then the first
    run says so, once, on stderr, and only the time limit holds."""
    global _warned
    if resource is not None and hasattr(resource, "RLIMIT_AS") and os.path.exists(STATM):
        return MEMORY_LIMIT if memory is None else memory
    if not _warned:
        _warned = True
        try:
            print(NO_CEILING, file=sys.stderr, flush=True)
        except (AttributeError, OSError, UnicodeError):  # no stderr (pythonw) or not Chinese
            pass
    return None


# ---------------------------------------------------------------- in the parent


class _Worker:
    def __init__(
        self,
        ctx,
        fn: Callable,
        may_fork: Callable[[], bool],
        timeout: float | None = None,
        memory: int | None = None,
    ) -> None:
        self.ctx, self.fn, self.may_fork = ctx, fn, may_fork
        self.timeout, self.memory = timeout, memory
        self.process = None
        self.batch: Batch | None = None
        self.mark: tuple[int, int] = (-1, 0)
        self.since = 0.0

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.current = self.ctx.RawValue("q", STARTING)
        self.beats = self.ctx.RawValue("Q", 0)
        forking = self.ctx.get_start_method() == "fork"
        inherited = lifeline.open_descriptors() if forking else frozenset()  # what a fork copies
        args = (child, self.fn, self.current, self.beats, self.memory, os.getpid(), inherited)
        self.process = self.ctx.Process(target=_serve, args=args, daemon=True)
        self.process.start()
        child.close()  # so that our end sees EOF when the worker dies

    def give(self, queue: deque[Batch]) -> None:
        """Hand out the next batch, (re)starting the process if need be. Left idle when
        a process is needed but may not be forked now (a Background is running)."""
        if not queue or self.batch is not None:
            return
        self.batch = queue.popleft()
        for _ in range(3):
            if self.process is None or not self.process.is_alive():
                self.stop()
                if not self.may_fork():
                    queue.appendleft(self.batch)
                    self.batch = None
                    return
                self.start()
            try:
                self.conn.send(self.batch)
            except OSError:  # died between batches: start a fresh one and resend
                self.stop()
                continue
            self.mark, self.since = (self.current.value, self.beats.value), time.monotonic()
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
        if mark[0] == STARTING:  # still importing: not the item's time yet
            return now - self.since > STARTUP_TIMEOUT
        return now - self.since > (FILE_TIMEOUT if self.timeout is None else self.timeout)

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


def run(
    items: Sequence[Any],
    fn: Callable[[Any], Any],
    workers: int | None = None,
    alongside: Background | None = None,
    timeout: float | None = None,
    memory: int | None = None,
) -> Iterator[tuple[int, Any]]:
    """Yield (index, fn(items[index]) or Failed) for every item, in completion order.

    `alongside` is started once the workers are forked, and runs while they work. If it
    fails, the pool stops early (its caller learns why from alongside.result()).
    `timeout` (seconds without progress on one item) and `memory` (bytes a worker may add
    to what it inherited) default to FILE_TIMEOUT and MEMORY_LIMIT. `fn` and the items
    must pickle (see the module's note)."""
    if not items:
        return
    memory = ceiling(memory)
    count = workers or worker_count(len(items))
    size = max(1, min(MAX_BATCH, len(items) // (count * 8)))
    numbered = list(enumerate(items))
    queue: deque[Batch] = deque(numbered[s : s + size] for s in range(0, len(numbered), size))
    ctx = _context()
    # the thread alongside gets a CPU of its own: one worker fewer until it has finished
    first = workers or worker_count(len(items), reserve=1 if alongside is not None else 0)

    forking = ctx.get_start_method() == "fork"

    def may_fork() -> bool:  # a spawned worker copies no thread's locks: always safe
        return not forking or alongside is None or not alongside.running()

    crew = [_Worker(ctx, fn, may_fork, timeout, memory) for _ in range(min(first, len(queue)))]
    try:
        for w in crew:
            w.give(queue)
        if alongside is not None:
            alongside.start()
        while queue or any(w.batch is not None for w in crew):
            if alongside is not None and alongside.failed():
                return
            if all(w.batch is None for w in crew):  # every worker died while forking was barred
                if alongside is None:
                    raise RuntimeError("无法启动文件检查子进程")
                alongside.wait()  # then fork replacements
            else:
                yield from _step(crew, queue)
            if len(crew) < count and len(queue) > 1 and may_fork():
                crew.append(
                    _Worker(ctx, fn, may_fork, timeout, memory)
                )  # the thread is done: its CPU is free
            for w in crew:
                w.give(queue)
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


def worker_count(n: int, reserve: int = 0) -> int:
    """Workers for n items, leaving `reserve` CPUs to the parent's other work."""
    if n < SMALL_JOB:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus - reserve, MAX_WORKERS))


def call(fn: Callable[[], Any], timeout: float | None = None, memory: int | None = None) -> Any:
    """fn() in a worker process of its own under the pool's limits: its result, or a
    Failed. fn must pickle (see the module's note)."""
    for _, result in run([fn], operator.call, workers=1, timeout=timeout, memory=memory):
        return result
    return Failed("crash")


def start_method() -> str:
    """How workers start: DOCGEN_START_METHOD (fork | spawn) where this system has it,
    else fork on Linux — workers start in milliseconds and share the parent's memory
    (the cache's known results) — and spawn elsewhere (Windows has no fork; macOS's
    system libraries are not safe to fork)."""
    chosen = os.environ.get("DOCGEN_START_METHOD", "").strip().lower()
    if chosen in ("fork", "spawn") and chosen in multiprocessing.get_all_start_methods():
        return chosen
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _context():
    return multiprocessing.get_context(start_method())
