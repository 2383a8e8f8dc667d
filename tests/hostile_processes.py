"""Running one docgen command in a process of its own, for hostile_cli.run_bounded:
started afresh (`python -m docgen` under a small launcher that reports peak memory), or
forked from a fork server that has imported docgen once (see hostile_cli)."""

from __future__ import annotations

import atexit
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_kib: int  # peak resident memory of docgen and the workers it waited for

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class TimedOut(AssertionError):
    pass


def real_processes() -> bool:
    return os.environ.get("DOCGEN_HOSTILE_REAL", "") not in ("", "0")


# ---------------------------------------------------------------- a process per command


# pytest's own memory must not count: a process started by fork + exec inherits the
# parent's peak RSS in ru_maxrss. So a small launcher starts docgen and reports the
# peak of docgen and of the workers docgen reaped (wait4) in a side file.
LAUNCHER = """
import os, sys
n = int(sys.argv[2])
prefix, args = sys.argv[3:3 + n], sys.argv[3 + n:]
pid = os.fork()
if pid == 0:
    command = [*prefix, sys.executable, "-m", "docgen", *args]
    os.execvp(command[0], command)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def _run_afresh(
    args: tuple[str, ...], cwd: Path | None, timeout: float, as_nobody: bool, extra: dict[str, str]
) -> Run:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **extra)
    # a read-only folder means nothing to root: run as nobody (setpriv keeps root's right
    # to reach the interpreter until it is started, as an ordinary user would have)
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if as_nobody else []
    fd, rss_file = tempfile.mkstemp(prefix="docgen-rss-")
    os.close(fd)
    os.chmod(rss_file, 0o666)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, rss_file, str(len(prefix)), *prefix, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise TimedOut(f"docgen {' '.join(args)} ran longer than {timeout:.0f} s") from None
    finally:
        try:  # workers left behind (there should be none) must not outlive the test
            os.killpg(proc.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
    seconds = time.monotonic() - start
    try:
        rss = int(Path(rss_file).read_text() or 0)
    finally:
        os.unlink(rss_file)
    return Run(
        tuple(args),
        proc.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        seconds,
        rss,
    )


# ---------------------------------------------------------------- the fork server


SERVER = r"""
import gc, json, os, sys, time, traceback
PRELOAD = ("docgen.cli", "docgen.audit", "docgen.render", "docgen.templating.engine",
           "docgen.view.facts", "docgen.lint", "docgen.report.json_report",
           "docgen.report.xlsx_report", "docgen.report.table", "docgen.report.html_report",
           "docgen.report.docx_report", "docgen.dossier", "docgen.dossier.bag", "docgen.scaffold",
           "docgen.demo", "docgen.history", "docgen.extract", "docgen.inspect.formats",
           "pypdfium2", "pypdfium2.raw", "python_calamine", "openpyxl", "docxtpl", "rich.console")
for name in PRELOAD:
    try:
        __import__(name)
    except Exception:
        pass
from docgen.cli import main
gc.collect()
gc.freeze()
requests = sys.stdin.buffer
reply_fd = os.dup(1)  # the pipe to the tests; a command's stdout goes to its own file
os.write(reply_fd, b"ready\n")
for line in requests:
    req = json.loads(line)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.close(reply_fd)
            os.setpgid(0, 0)
            if req["cwd"]:
                os.chdir(req["cwd"])
            os.environ.update(req["env"])
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            for fd, path in ((1, req["stdout"]), (2, req["stderr"])):
                f = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(f, fd)
                os.close(f)
            sys.stdin = open(os.devnull)
            sys.argv = ["docgen", *req["args"]]
            try:
                main.main(args=req["args"], prog_name="docgen")
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException:
                traceback.print_exc()
                code = 1
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)
    deadline, timed_out = start + req["timeout"], False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            timed_out = True
            os.killpg(pid, 9)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.003)
    try:
        os.killpg(pid, 9)  # workers left behind (there should be none)
    except OSError:
        pass
    code = os.waitstatus_to_exitcode(status)
    reply = {"status": code if code >= 0 else 128 - code, "seconds": time.monotonic() - start,
             "maxrss": usage.ru_maxrss, "timed_out": timed_out}
    os.write(reply_fd, json.dumps(reply).encode() + b"\n")
"""


class _Server:
    def __init__(self) -> None:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        if self.proc.stdout.readline() != b"ready\n":
            raise RuntimeError("the docgen fork server did not start")
        self.folder = Path(tempfile.mkdtemp(prefix="docgen-hostile-"))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(
        self, args: tuple[str, ...], cwd: Path | None, timeout: float, env: dict[str, str]
    ) -> Run:
        out, err = self.folder / "stdout", self.folder / "stderr"
        request = {
            "args": list(args),
            "cwd": str(cwd) if cwd else None,
            "env": env,
            "timeout": timeout,
            "stdout": str(out),
            "stderr": str(err),
        }
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the docgen fork server died")
        reply = json.loads(line)
        if reply["timed_out"]:
            raise TimedOut(f"docgen {' '.join(args)} ran longer than {timeout:.0f} s")
        return Run(
            tuple(args),
            reply["status"],
            out.read_bytes().decode("utf-8", "replace"),
            err.read_bytes().decode("utf-8", "replace"),
            reply["seconds"],
            reply["maxrss"],
        )

    def stop(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for name in ("stdout", "stderr"):
            (self.folder / name).unlink(missing_ok=True)
        self.folder.rmdir()


class _Servers:
    """One fork server per thread that wants one at the same time (the corpus runs a few
    commands at once), started on first use and stopped at exit."""

    def __init__(self) -> None:
        self.idle: queue.SimpleQueue[_Server] = queue.SimpleQueue()
        self.all: list[_Server] = []
        self.lock = threading.Lock()

    def take(self) -> _Server:
        while True:
            try:
                server = self.idle.get_nowait()
            except queue.Empty:
                server = _Server()
                with self.lock:
                    self.all.append(server)
                return server
            if server.alive():
                return server

    def give(self, server: _Server) -> None:
        if server.alive():
            self.idle.put(server)

    def stop(self) -> None:
        with self.lock:
            for server in self.all:
                server.stop()
            self.all.clear()


_SERVERS = _Servers()
atexit.register(_SERVERS.stop)


def stop_servers() -> None:
    _SERVERS.stop()
