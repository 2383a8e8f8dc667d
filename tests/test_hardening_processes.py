"""Issue 16, items 1 and 2: no process outlives docgen, and the exit status tells the
truth whatever stdout is. The real CLI (`python -m docgen`) in a session of its own, on
the demo project; killed at a few moments, then the session is listed in /proc."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projectkit import session

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists /proc")

TODAY = "2026-11-01"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo"
    done = _docgen("demo", str(root))
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def cold(demo, tmp_path) -> Path:
    """A copy of the demo without out/: the audit inspects every file again."""
    target = tmp_path / "p"
    shutil.copytree(demo, target, ignore=shutil.ignore_patterns("out"))
    return target


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def _docgen(*args: str, env=None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
        check=False,
    )


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _left_after(proc: subprocess.Popen, grace: float = 2.0) -> list[int]:
    deadline = time.monotonic() + grace
    while (left := session(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return left


def _kill_at(args: tuple[str, ...], delay: float, signum: int) -> tuple[int, bytes, list[int]]:
    proc = _start(*args)
    time.sleep(delay)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # a terminal's Ctrl-C reaches the whole group
    else:
        os.kill(proc.pid, signum)
    try:
        _out, err = proc.communicate(timeout=10)  # like `| cat`: EOF once nobody holds stdout
    except subprocess.TimeoutExpired:
        left = _left_after(proc, grace=0)
        pytest.fail(f"stdout still held {delay}s into the run by {left}")
    return proc.returncode, err, _left_after(proc)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killed_cold_audit_leaves_nothing(cold, signum):
    for delay in (0.8, 1.8, 3.0):
        shutil.rmtree(cold / "out", ignore_errors=True)
        status, err, left = _kill_at(("audit", str(cold), "--today", TODAY), delay, signum)
        assert left == [], f"still running {delay}s after start: {left}"
        if signum == signal.SIGTERM and status != 1:  # 1: it had finished before the signal
            assert status == 143, err.decode()
            assert "已终止" in err.decode()


def test_ctrl_c_of_an_audit_leaves_nothing(cold):
    status, err, left = _kill_at(("audit", str(cold), "--today", TODAY), 1.5, signal.SIGINT)
    assert left == []
    assert status == 130, err.decode()
    assert "已中断" in err.decode() and "Traceback" not in err.decode()


def test_killed_render_each_leaves_nothing(cold, tmp_path):
    args = ("render", "assignment", str(cold), "--data", str(cold / "render/assignment.yaml"))
    for i, delay in enumerate((1.0, 2.5)):
        out = ("--each", "unit", "-o", str(tmp_path / f"交办单{i}"))
        _status, _err, left = _kill_at(args + out, delay, signal.SIGKILL)
        assert left == []


def test_killed_dossier_build_leaves_nothing(cold, tmp_path):
    for i, delay in enumerate((1.0, 2.5)):
        shutil.rmtree(cold / "out", ignore_errors=True)
        args = ("dossier", "build", str(cold), "--force", "--no-pdf", "--today", TODAY)
        _status, _err, left = _kill_at(args + ("-o", str(tmp_path / f"d{i}")), delay, signum=9)
        assert left == []


def test_workers_hold_no_inherited_pipe(tmp_path):
    """Each worker has its own end of the pool's socket, its own sentinel pipe, and
    stdout on /dev/null: nothing of its siblings' or of the terminal's."""
    from docgen.workers import pool

    def held(_item) -> tuple[int, int, str]:
        time.sleep(0.01)  # keep both workers busy
        links = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                links.append(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:  # the listing's own descriptor
                pass
        sockets = sum(link.startswith("socket:") for link in links)
        return os.getpid(), sockets, os.readlink("/proc/self/fd/1")

    seen = {}
    for _i, result in pool.run(list(range(200)), held, workers=2):
        assert not isinstance(result, pool.Failed), result
        pid, sockets, stdout = result
        seen[pid] = (sockets, stdout)
    assert len(seen) == 2
    for sockets, stdout in seen.values():
        assert sockets == 1
        assert stdout == os.devnull


def test_pipe_closed_early_keeps_the_status(demo):
    args = [sys.executable, "-m", "docgen", "audit", str(demo), "--today", TODAY]
    for extra, read in ((), 1), (("--format", "json"), 0):  # `| head -1` and `| true`
        proc = subprocess.Popen(args + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if read:
            proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 1, err  # the demo has errors
        assert err == ""


def test_stdout_on_dev_full_is_exit_2(demo):
    with open("/dev/full", "w") as full:
        done = _docgen("audit", str(demo), "--today", TODAY, "--format", "json", stdout=full)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "标准输出" in err and "磁盘已满" in err and "意外错误" not in err


@pytest.mark.parametrize(
    "env", [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "latin-1"}]
)
def test_a_stdout_that_cannot_write_chinese(demo, env):
    plain = _docgen("audit", str(demo), "--today", TODAY, "--format", "json")
    odd = _docgen("audit", str(demo), "--today", TODAY, "--format", "json", env=_env(**env))
    assert odd.returncode == plain.returncode == 1, odd.stderr.decode("utf-8", "replace")
    assert odd.stdout == plain.stdout  # the same findings, file names and all
    table = _docgen("audit", str(demo), "--today", TODAY, env=_env(**env))
    assert table.returncode == 1
    assert "创卫台账审核报告" in table.stdout.decode("utf-8")


def test_a_path_over_4096_bytes(demo, tmp_path):
    long = tmp_path / ("长" * 1700)  # 5100 bytes in UTF-8
    for args in (("audit", str(long)), ("dossier", "build", str(demo), "-o", str(long))):
        done = _docgen(*args, "--today", TODAY)
        err = done.stderr.decode()
        assert done.returncode == 2, err
        assert err.startswith("错误：") and "长长长长" in err  # names the path
        assert "意外错误" not in err and "Traceback" not in err


def test_dossier_output_blocked_is_named(demo, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where a folder should be")
    target = blocker / "申报材料"
    args = ("dossier", "build", str(demo), "--force", "--no-pdf", "--today", TODAY)
    done = _docgen(*args, "-o", str(target))
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert str(blocker) in err and "改名移开" in err and "意外错误" not in err
    assert blocker.read_text() == "a file where a folder should be"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_dossier_out_not_writable_is_named(cold):
    (cold / "out").mkdir()
    (cold / "out").chmod(0o555)
    try:
        done = _docgen("dossier", "build", str(cold), "--force", "--no-pdf", "--today", TODAY)
    finally:
        (cold / "out").chmod(0o755)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "权限" in err and "意外错误" not in err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")
def test_kill_during_the_pdf_conversion_takes_libreoffice_along(cold, tmp_path):
    """soffice → oosplash → soffice.bin: killed with docgen, not left behind."""
    args = ("dossier", "build", str(cold), "--force", "--today", TODAY, "-o", str(tmp_path / "d"))
    proc = _start(*args)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not _libreoffice_in(proc.pid):
        time.sleep(0.1)
    assert _libreoffice_in(proc.pid), "LibreOffice never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    assert _left_after(proc) == []


def _libreoffice_in(sid: int) -> bool:
    for pid in session(sid):
        try:
            if Path(f"/proc/{pid}/comm").read_text().startswith(("oosplash", "soffice")):
                return True
        except OSError:  # gone meanwhile
            pass
    return False
