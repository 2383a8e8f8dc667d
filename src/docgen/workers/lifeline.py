"""A worker's ties to its parent: it dies with the parent, and it holds no descriptor
the parent (or a sibling) relies on seeing closed.

A worker that outlived a killed docgen kept ~60 MB and, worse, the copy of stdout it
was forked with, so `docgen audit … | tee log` never ended; a worker that held a
sibling's socket end kept that sibling from seeing EOF. So, right after the fork:
the kernel is asked to kill the worker when its parent dies (Linux; elsewhere a
thread watches the parent), stdin/stdout/stderr point at /dev/null, and every pipe
and socket it inherited, except its own end of the pool's socket, is closed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading
from multiprocessing.connection import wait

try:  # loaded in the parent: nothing is imported after a fork
    import ctypes

    _libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
except (ImportError, OSError):
    _libc = None

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """End this (just forked) worker when `parent_pid` ends. The parent may already be
    gone by the time the request is made, hence the check after it."""
    if _libc is not None and _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
        if parent_pid and os.getppid() != parent_pid:
            os._exit(1)  # orphaned before the request took effect
        return
    _watch_parent()


def _watch_parent() -> None:
    """Where the kernel cannot be asked (not Linux, spawned workers): a thread waits
    for the parent's sentinel, which becomes ready when the parent ends."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="docgen-lifeline", daemon=True).start()


def open_descriptors() -> frozenset[int]:
    """The parent's open pipes and sockets above stderr, taken just before a fork:
    what a worker must close. Regular files are left alone (a worker may read from
    one its function was handed, and they hold nobody up)."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return frozenset()
    found = set()
    for name in names:
        fd = int(name)
        if fd <= 2:
            continue
        try:
            mode = os.fstat(fd).st_mode
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            found.add(fd)
    return frozenset(found)


def close_inherited(inherited: frozenset[int], keep: int) -> None:
    """In the worker: stdio to /dev/null, and every inherited pipe and socket closed
    but `keep` (the worker's end of the pool's socket)."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            if fd != devnull:
                os.dup2(devnull, fd)
        if devnull > 2:
            os.close(devnull)
    except OSError:
        pass
    for fd in inherited - {keep}:
        try:
            os.close(fd)
        except OSError:
            pass


# ---------------------------------------------------------------- external programs

# Watches the docgen process that started it: once that has gone (the guard was
# reparented), kills the program's whole process group; once the group is empty, exits.
_GUARD = """
import os, signal, sys, time
parent, group = int(sys.argv[1]), int(sys.argv[2])
while True:
    time.sleep(0.1)
    try:
        os.killpg(group, 0)
    except OSError:
        sys.exit(0)
    if os.getppid() != parent:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
        sys.exit(0)
"""


def run_tied(command: list[str], timeout: float | None = None, **kw) -> subprocess.CompletedProcess:
    """subprocess.run for a program that starts programs of its own (LibreOffice:
    soffice → oosplash → soffice.bin): it runs in a process group of its own, which is
    killed when the run ends, fails or is interrupted, and — by a small guard process
    — when docgen is killed outright (kill -9 gives docgen no chance to)."""
    if kw.pop("capture_output", False):
        kw["stdout"] = kw["stderr"] = subprocess.PIPE
    kw.pop("check", None)
    if not sys.platform.startswith("linux"):
        return subprocess.run(command, timeout=timeout, check=False, **kw)
    with subprocess.Popen(command, process_group=0, **kw) as proc:
        guard = _guard(proc.pid)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc.pid)
            proc.wait()
            raise subprocess.TimeoutExpired(command, timeout, exc.output, exc.stderr) from None
        finally:
            _kill_group(proc.pid)  # whatever it left behind, or it is being interrupted
            if guard is not None:
                guard.kill()
                guard.wait()
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _guard(group: int) -> subprocess.Popen | None:
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _GUARD, str(os.getpid()), str(group)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None  # still killed with the group when docgen ends any other way


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
