"""Running docgen's CLI for the hostile corpus, and the checks every command passes.

`run_bounded(*args)` runs `docgen ARGS` in a process of its own with a wall-clock limit
and reports its exit status, output, wall time and peak resident memory (of docgen and
of the workers it reaped). Two ways, one result:

* a fork server (the default): a Python process that has imported docgen once forks a
  child per command, which runs the same entry point as `python -m docgen` (click's
  main, exit status, stdout and stderr to files) in a process group of its own, killed
  whole on timeout. A command then costs its work, not the 0.3 s of imports: the corpus
  of some 300 commands stays within a minute on a 2-core machine. Peak memory includes
  the server's (~100 MiB) shared at fork: an upper bound.
* DOCGEN_HOSTILE_REAL=1: `python -m docgen ARGS` started afresh for every command, as a
  user runs it; peak memory is docgen's own. bench/bench_hostile.py uses it for the
  figures in the README and the closing note.

Commands run as another user (as_nobody) always start afresh.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
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


def run_bounded(
    *args: str,
    cwd: Path | None = None,
    timeout: float = 30.0,
    as_nobody: bool = False,
    env: dict[str, str] | None = None,
) -> Run:
    """`docgen ARGS` with a wall-clock limit (TimedOut beyond it, the command's whole
    process group killed) and the peak resident memory of docgen and its workers.
    `env`: variables added to the environment."""
    if as_nobody or real_processes():
        return _run_afresh(args, cwd, timeout, as_nobody, env or {})
    server = _SERVERS.take()
    try:
        return server.run(args, cwd, timeout, env or {})
    finally:
        _SERVERS.give(server)


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


# ---------------------------------------------------------------- the checks every command passes


CJK = re.compile(r"[\u4e00-\u9fff]")
GENERIC = "意外错误"
TIMEOUT = 30.0
MAX_RSS_KIB = 1536 * 1024  # 1.5 GiB for docgen and its workers together
# commands run at once: one more than the CPUs, as a command also waits (forks, files)
THREADS = (os.cpu_count() or 2) + 1


def run(*args: str, case: str, check: bool = True, **kw) -> Run:
    """docgen ARGS under TIMEOUT, recorded in STATS; with `check`, assert_clean."""
    result = run_bounded(*args, timeout=TIMEOUT, **kw)
    record(case, args, result)
    if check:
        assert_clean(result)
    return result


def assert_clean(result: Run) -> None:
    """No traceback, no generic failure, bounded memory."""
    out = result.output
    assert "Traceback" not in out, out[-3000:]
    assert GENERIC not in out, out[-3000:]
    assert result.max_rss_kib < MAX_RSS_KIB, f"peak memory {result.max_rss_kib // 1024} MiB"


def assert_refused(result: Run, name: str) -> None:
    """Exit status 2 with a Chinese message on stderr that names `name`."""
    assert result.returncode == 2, result.output[-3000:]
    assert CJK.search(result.stderr), result.stderr
    assert name in result.stderr, result.stderr


# ---------------------------------------------------------------- what each command cost


STATS: list[dict] = []  # one entry per command run, from every hostile test module


def record(case: str, args: tuple[str, ...], result: Run) -> None:
    shown = [a[-60:].encode("utf-8", "replace").decode("utf-8") for a in args]
    STATS.append(
        {
            "case": case,
            "args": shown,
            "status": result.returncode,
            "seconds": round(result.seconds, 3),
            "max_rss_mib": round(result.max_rss_kib / 1024, 1),
        }
    )


def summary(stats: list[dict]) -> list[str]:
    """The lines printed at the end of a run: how many commands, the slowest, the largest."""
    if not stats:
        return []
    slow = max(stats, key=lambda s: s["seconds"])
    big = max(stats, key=lambda s: s["max_rss_mib"])
    how = "a process each" if real_processes() else "forked from a server that has docgen imported"
    return [
        (
            f"hostile corpus: {len(stats)} commands ({how}), "
            f"{sum(s['seconds'] for s in stats):.1f} s in all"
        ),
        (
            f"  slowest: {slow['case']} ({' '.join(slow['args'][:2])}) "
            f"{slow['seconds']:.2f} s, exit {slow['status']}"
        ),
        (
            f"  largest peak memory: {big['case']} ({' '.join(big['args'][:2])}) "
            f"{big['max_rss_mib']:.0f} MiB"
        ),
    ]


class _Summary:
    """A plugin registered by register_summary: the figures at the end of the terminal
    report, and in DOCGEN_HOSTILE_STATS (JSON) and basetemp/hostile-stats.json."""

    def __init__(self, basetemp: Path) -> None:
        self.basetemp = basetemp

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not STATS:
            return
        text = json.dumps(STATS, ensure_ascii=False, indent=1)
        (self.basetemp / "hostile-stats.json").write_text(text, encoding="utf-8")
        if os.environ.get("DOCGEN_HOSTILE_STATS"):
            Path(os.environ["DOCGEN_HOSTILE_STATS"]).write_text(text, encoding="utf-8")
        terminalreporter.write_sep("-", "hostile corpus")
        for line in summary(STATS):
            terminalreporter.write_line(line)

    def pytest_unconfigure(self, config) -> None:
        stop_servers()


def register_summary(config, basetemp: Path) -> None:
    """Called by each hostile test module (a module-scoped fixture): once per session."""
    if not config.pluginmanager.has_plugin("docgen-hostile-summary"):
        config.pluginmanager.register(_Summary(basetemp), "docgen-hostile-summary")
