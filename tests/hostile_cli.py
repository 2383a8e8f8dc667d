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

import json
import os
import re
from pathlib import Path

from hostile_processes import (  # noqa: F401 - Run and TimedOut: for the hostile modules too
    _SERVERS,
    Run,
    TimedOut,
    _run_afresh,
    real_processes,
    stop_servers,
)


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
