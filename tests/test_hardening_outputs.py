"""Every multi-file output all or nothing (issue 16, item 5), through the real command
in real processes: `docgen dossier build` and `docgen render --each unit` killed with
SIGKILL at chosen moments (a bounded few each), the leftovers of a run killed between
its two renames laid out as that kill leaves them, and write_bytes' stray .tmp files.

After a kill the target holds a whole dossier or set (the old or the new); the next run
puts back or sweeps what the killed one left, and nothing named docgen-dossier-* stays
in the (private) TMPDIR. The kills go to the whole process group, so that no worker or
LibreOffice of a killed run is left using the shared machine."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from docgen.output import write_bytes

TODAY = "2026-11-01"
DOSSIER = "申报材料"


def docgen(*args: str, env: dict | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def kill_when(args: list[str], ready: Callable[[], bool], env: dict, limit: float = 30) -> bool:
    """Start docgen, SIGKILL its process group once `ready()` (polled every 2 ms);
    True when it was killed before it ended by itself."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + limit
    killed = False
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if ready():
            killed = True
            break
        time.sleep(0.002)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)
    return killed


def after(seconds: float) -> Callable[[], bool]:
    start = time.monotonic()
    return lambda: time.monotonic() - start >= seconds


def sibling_appears(folder: Path, prefix: str) -> Callable[[], bool]:
    return lambda: any(p.name.startswith(prefix) for p in folder.parent.iterdir())


def files_in_staged(folder: Path, count: int) -> Callable[[], bool]:
    def ready() -> bool:
        for p in folder.parent.glob(f".{folder.name}.*"):
            try:
                if len(list(p.iterdir())) >= count:
                    return True
            except OSError:
                continue
        return False

    return ready


def swapped(folder: Path) -> Callable[[], bool]:
    inode = folder.stat().st_ino

    def ready() -> bool:
        try:
            return folder.stat().st_ino != inode
        except OSError:
            return False

    return ready


def dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}"))


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def verifies(folder: Path) -> bool:
    done = docgen("dossier", "verify", str(folder))
    return done.returncode == 0 and "核验通过" in done.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo project with a dossier and a set of 交办单 already built."""
    root = tmp_path_factory.mktemp("outputs") / "项目"
    assert docgen("demo", str(root)).returncode == 0
    built = docgen("dossier", "build", str(root), "--today", TODAY, "--force", "--no-pdf")
    assert built.returncode == 0, built.stderr
    made = docgen("render", "assignment", str(root), "--data", str(root / "render/assignment.yaml"),
                  "--each", "unit")  # fmt: skip
    assert made.returncode == 0, made.stderr
    return root


@pytest.fixture
def project(demo: Path, tmp_path: Path) -> Path:
    root = tmp_path / "项目"
    shutil.copytree(demo, root, symlinks=True)
    return root


@pytest.fixture
def env(tmp_path: Path) -> dict:
    private = tmp_path / "tmpdir"
    private.mkdir()
    return {**os.environ, "TMPDIR": str(private)}


def build_args(root: Path, *extra: str) -> list[str]:
    return ["dossier", "build", str(root), "--today", TODAY, "--force", *extra]


# ---------------------------------------------------------------- dossier build


def test_dossier_build_killed_at_four_points_leaves_a_whole_dossier(project: Path, env: dict):
    folder = project / "out" / DOSSIER
    points = [  # (when, tries): the staged copy lives for milliseconds, a poll may miss it
        (lambda: after(0.3), 1),  # loading, the preflight audit
        (lambda: sibling_appears(folder, f".{DOSSIER}."), 2),  # the staged copy begun
        (lambda: files_in_staged(folder, 5), 2),  # the staged copy half written
        (lambda: swapped(folder), 1),  # the new one in, the old one not yet removed
    ]
    hits = []
    for when, tries in points:
        for _ in range(tries):
            hit = kill_when(build_args(project, "--no-pdf"), when(), env)
            assert verifies(folder), f"after a kill: {hidden(folder)}"
            if hit:
                break
        hits.append(hit)
    assert hits[0] and (hits[1] or hits[2]), hits  # at least one kill while staged
    done = docgen(*build_args(project, "--no-pdf"), env=env)
    assert done.returncode == 0, done.stderr
    assert verifies(folder)
    assert hidden(folder) == []
    assert list(Path(env["TMPDIR"]).glob("docgen-dossier-*")) == []


def test_killed_between_the_renames_the_set_aside_dossier_is_put_back(project: Path, env: dict):
    folder = project / "out" / DOSSIER
    pid = dead_pid()
    before = digest(folder)
    aside = folder.parent / f".{DOSSIER}.old.{pid}.abcdefgh"
    aside.mkdir()
    folder.rename(aside / DOSSIER)  # the old one set aside …
    staged = folder.parent / f".{DOSSIER}.{pid}.ijklmnop"
    shutil.copytree(aside / DOSSIER, staged)  # … the new one complete beside it, not yet in
    done = docgen("dossier", "build", str(project), "--today", TODAY, "--no-pdf", env=env)
    # without --force the build still refuses to replace the dossier it has put back
    assert done.returncode == 2
    assert "已有申报材料" in done.stderr
    assert digest(folder) == before
    assert verifies(folder)
    assert hidden(folder) == []


def test_a_complete_staged_dossier_is_put_back_an_incomplete_one_swept(project: Path, env: dict):
    folder = project / "out" / DOSSIER
    pid = dead_pid()
    staged = folder.parent / f".{DOSSIER}.{pid}.abcdefgh"
    folder.rename(staged)
    half = folder.parent / f".{DOSSIER}.{pid}.ijklmnop"
    shutil.copytree(staged, half)
    next(p for p in half.iterdir() if p.suffix == ".docx").unlink()  # killed while writing
    done = docgen(*build_args(project, "--no-pdf"), env=env)
    assert done.returncode == 0, done.stderr
    assert "恢复为" in done.stderr  # the one-line note
    assert verifies(folder)
    assert hidden(folder) == []


def test_an_older_docgens_leftovers_are_swept(project: Path, env: dict):
    folder = project / "out" / DOSSIER
    old = time.time() - 120
    for name in (f".{DOSSIER}.abcdefgh", f".{DOSSIER}.old.ijklmnop"):
        (folder.parent / name).mkdir()
        (folder.parent / name / "bagit.txt").write_text("BagIt-Version: 1.0\n")
        os.utime(folder.parent / name, (old, old))
    mine = folder.parent / f".{DOSSIER}-我的备份"  # not docgen's naming: never touched
    mine.mkdir()
    done = docgen(*build_args(project, "--no-pdf"), env=env)
    assert done.returncode == 0, done.stderr
    assert "已清理" in done.stderr
    assert hidden(folder) == [mine.name]
    assert verifies(folder)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_dossier_build_killed_inside_libreoffice_leaves_nothing_in_tmpdir(project: Path, env: dict):
    folder = project / "out" / DOSSIER
    scratch = project / "out" / ".tmp"
    working = lambda: scratch.is_dir() and any(scratch.glob("docgen-dossier-*"))
    assert kill_when(build_args(project), working, env, limit=50)
    assert verifies(folder)
    assert list(Path(env["TMPDIR"]).glob("docgen-dossier-*")) == []
    # the next run, with LibreOffice and the project named relatively, sweeps out/.tmp
    done = docgen(*build_args(Path(project.name)), env=env, cwd=project.parent)
    assert done.returncode == 0, done.stderr
    assert (folder / "申报材料汇编.pdf").is_file()
    assert verifies(folder)
    assert list(scratch.glob("docgen-*")) == []
    assert list(Path(env["TMPDIR"]).glob("docgen-dossier-*")) == []
    assert hidden(folder) == []


# ---------------------------------------------------------------- render --each unit


def render_args(root: Path, *extra: str) -> list[str]:
    data = str(root / "render" / "assignment.yaml")
    return ["render", "assignment", str(root), "--data", data, "--each", "unit", *extra]


def test_render_each_killed_mid_set_leaves_the_previous_set(project: Path, env: dict):
    folder = project / "out" / "assignment"
    before = digest(folder)
    killed = False
    for _ in range(3):  # the staged folder lives a few milliseconds: try again if missed
        killed = kill_when(
            render_args(project, "--force"), sibling_appears(folder, ".assignment."), env
        )
        assert digest(folder) == before
        if killed:
            break
    assert killed
    done = docgen(*render_args(project), env=env)
    assert done.returncode == 2 and "已存在" in done.stderr  # a whole set: --force, as before
    done = docgen(*render_args(project, "--force"), env=env)
    assert done.returncode == 0, done.stderr
    assert set(digest(folder)) == set(before)
    assert hidden(folder) == []


def test_render_each_killed_on_its_first_run_is_not_refused_after(project: Path, env: dict):
    folder = project / "out" / "交办单"
    killed = False
    for _ in range(3):  # killed while the set is staged; if it finished first, again
        args = render_args(project, "-o", str(folder))
        killed = kill_when(args, sibling_appears(folder, ".交办单."), env)
        if killed:
            break
        shutil.rmtree(folder)  # the whole set of a run that was not caught
    assert killed
    assert not folder.exists()  # nothing rather than a part of the set
    done = docgen(*render_args(project, "-o", str(folder)), env=env)
    assert done.returncode == 0, done.stderr
    assert len(digest(folder)) == 9
    assert hidden(folder) == []


def test_render_each_set_aside_by_a_killed_run_is_put_back(project: Path, env: dict):
    folder = project / "out" / "assignment"
    (folder / "说明.txt").write_text("我的笔记", encoding="utf-8")  # the user's own file
    before = digest(folder)
    pid = dead_pid()
    aside = folder.parent / f".assignment.old.{pid}.abcdefgh"
    aside.mkdir()
    folder.rename(aside / "assignment")
    (folder.parent / f".assignment.{pid}.ijklmnop").mkdir()  # the staged set, half written
    done = docgen(*render_args(project), env=env)
    assert done.returncode == 2 and "已存在" in done.stderr
    assert digest(folder) == before
    assert hidden(folder) == []
    done = docgen(*render_args(project, "--force"), env=env)
    assert done.returncode == 0, done.stderr
    assert (folder / "说明.txt").read_text(encoding="utf-8") == "我的笔记"  # kept by the swap


def test_render_each_out_of_space_leaves_the_previous_set(project: Path, env: dict):
    folder = project / "out" / "assignment"
    before = digest(folder)

    def small_files() -> None:  # a file over 25 kB fails as on a full disk (EFBIG)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (25_000, 25_000))

    done = subprocess.run(
        [sys.executable, "-m", "docgen", *render_args(project, "--force")],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=small_files,
    )
    assert done.returncode == 2
    assert f"无法写出 {folder}" in done.stderr and "原有的文件未受影响" in done.stderr
    assert digest(folder) == before
    assert hidden(folder) == []


# ---------------------------------------------------------------- stray .tmp files


def test_a_stale_tmp_file_is_swept_by_the_next_write(tmp_path: Path):
    gone = dead_pid()
    stale = tmp_path / f".report.json.docgen-{gone}-abcdefgh.tmp"
    old = tmp_path / f".x.docx.docgen-{os.getpid()}-ijklmnop.tmp"  # alive, but 2 minutes old
    fresh = tmp_path / f".y.docx.docgen-{os.getpid()}-qrstuvwx.tmp"  # being written right now
    user = tmp_path / ".notes.tmp"  # not docgen's naming
    for path in (stale, old, fresh, user):
        path.write_bytes(b"partial")
    os.utime(old, (time.time() - 120, time.time() - 120))
    write_bytes(tmp_path / "report.json", b"{}")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([fresh.name, user.name, "report.json"])
