"""Issue 16, items 3, 4 and 6: a warm run never answers stale, planted state in out/
cannot hang, exhaust or fool docgen, and a history left by a killed commit recovers.

Each case runs the real CLI on a small real project (a ledger, two PDFs), compares the
JSON report with that of the cold run before it, byte for byte, and bounds the time."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projectkit import HEADER, make_pdf, row, write_config, write_ledger

from docgen.audit import run_audit
from docgen.findings import Finding

TODAY = "2026-11-01"
PAST = time.time_ns() - 86_400 * 10**9
CACHE = Path("out/.cache")
MEMO = CACHE / "audit-memo.pickle"
INSPECT = CACHE / "inspect.sqlite"
EXTRACT = CACHE / "extract.sqlite"
HISTORY = Path("out/.history/audit-history.sqlite")
BOUND = 30  # seconds: a planted store must not make an audit take longer


def code(n: int) -> str:
    return f"J012-2025-D30-01-{n:04d}"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "项目"
    write_config(root)
    write_ledger(root, {"2025": [HEADER, row(code(1), pages=2), row(code(2)), row(code(3))]})
    make_pdf(root / "archive" / f"{code(1)}.pdf", pages=2)
    make_pdf(root / "archive" / f"{code(3)}.pdf", pages=1)
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    """A fresh copy, its archive files dated back a day (so the memo is stored), after a
    cold audit that left every store in out/."""
    root = tmp_path / "项目"
    shutil.copytree(template, root)
    for p in (root / "archive").rglob("*"):
        os.utime(p, ns=(PAST, PAST))
    done = audit(root)
    assert done.returncode == 1, done.stderr
    for store in (MEMO, INSPECT, EXTRACT, HISTORY):
        assert (root / store).is_file(), store
    (root / "cold.json").write_text(done.stdout, encoding="utf-8")
    return root


def audit(root: Path) -> subprocess.CompletedProcess:
    return cli("audit", str(root), "--today", TODAY, "--format", "json")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def timed_audit(root: Path) -> subprocess.CompletedProcess:
    start = time.monotonic()
    done = audit(root)
    assert time.monotonic() - start < BOUND
    return done


def assert_like_cold(root: Path, done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stdout == (root / "cold.json").read_text(encoding="utf-8")


def assert_set_aside(root: Path, store: Path, done: subprocess.CompletedProcess) -> None:
    """One warning naming the file; the file kept under a new name."""
    path = root / store
    warnings = [line for line in done.stderr.splitlines() if str(path) in line]
    assert len(warnings) == 1, done.stderr
    assert warnings[0].startswith("警告：") and "不是 docgen 写出的" in warnings[0]
    kept = list(path.parent.glob(f"{path.name}.invalid-*"))
    assert len(kept) == 1 and kept[0].name in warnings[0]


def endless(columns: list[str]) -> str:
    """A SELECT that never ends, with these column names."""
    picked = ", ".join(f"x AS {c}" for c in columns)
    return f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT {picked} FROM c"


def plant(path: Path, table: str, how: str) -> None:
    """Replace `table` by an endless view of its columns, or add a trigger to it."""
    with sqlite3.connect(path) as con:
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        if how == "view":
            con.execute(f"DROP TABLE {table}")
            con.execute(f"CREATE VIEW {table} AS {endless(columns)}")
        else:
            con.execute(
                f"CREATE TRIGGER planted AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {table} SELECT * FROM {table}; END"
            )
    con.close()


# ---------------------------------------------------------------- item 3: stale


def test_same_size_file_under_its_old_mtime_is_seen_warm(project: Path):
    pdf = project / "archive" / f"{code(1)}.pdf"
    before = pdf.stat()
    pdf.write_bytes(os.urandom(before.st_size))  # other bytes, same size: not a PDF any more
    os.utime(pdf, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert pdf.stat().st_size == before.st_size and pdf.stat().st_mtime_ns == before.st_mtime_ns
    warm = audit(project)
    assert warm.returncode == 1
    assert '"file.unreadable"' in warm.stdout and code(1) in warm.stdout
    os.replace(project / CACHE, project / "out" / "cache-moved")  # a cold run to compare with
    cold = audit(project)
    assert warm.stdout == cold.stdout


def test_an_unchanged_project_is_still_a_hit(project: Path):
    result = run_audit(project, today=dt.date.fromisoformat(TODAY))
    assert result.stats["memo"] == "hit"


# ---------------------------------------------------------------- item 4: planted stores


@pytest.mark.parametrize("how", ["view", "trigger"])
@pytest.mark.parametrize(
    ("store", "table"), [(INSPECT, "files"), (EXTRACT, "said"), (HISTORY, "run")]
)
def test_a_planted_sqlite_store_is_set_aside(project: Path, store: Path, table: str, how: str):
    plant(project / store, table, how)
    os.replace(project / MEMO, project / "out" / "memo-moved")  # so the caches are read
    done = timed_audit(project)
    assert_like_cold(project, done)
    assert_set_aside(project, store, done)
    assert (project / store).is_file()  # a new one, docgen's own
    again = timed_audit(project)
    assert_like_cold(project, again)
    assert "警告" not in again.stderr
    shown = cli("history", str(project), "--format", "json")
    assert shown.returncode == 0, shown.stderr


def test_the_history_command_sets_a_planted_view_aside(project: Path):
    plant(project / HISTORY, "run", "view")
    start = time.monotonic()
    shown = cli("history", str(project))
    assert time.monotonic() - start < BOUND
    assert shown.returncode == 0, shown.stderr
    assert_set_aside(project, HISTORY, shown)
    assert "还没有审核历史" in shown.stdout


def test_a_sparse_8_gib_memo_is_set_aside_unread(project: Path):
    os.truncate(project / MEMO, 8 * 1024**3)
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(done.stdout)\n"
        "sys.stderr.write(done.stderr)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(f'PEAK {peak}\\n')\n"
        "sys.exit(done.returncode)\n"
    )
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "docgen", "audit", str(project)]
        + ["--today", TODAY, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert time.monotonic() - start < BOUND
    peak_kib = int(done.stderr.rsplit("PEAK ", 1)[1])
    assert peak_kib < 400 * 1024  # a read of the file would take 8 GiB
    done.stderr = done.stderr.rsplit("PEAK ", 1)[0]
    assert_like_cold(project, done)
    assert_set_aside(project, MEMO, done)


def test_a_memo_holding_a_bare_finding_is_set_aside(project: Path):
    path = project / MEMO
    head, key, payload = path.read_bytes().split(b"\n", 2)
    data = pickle.loads(payload)  # our own file, written by the cold run
    data["findings"] = [object.__new__(Finding)]  # a Finding without attributes
    path.write_bytes(head + b"\n" + key + b"\n" + pickle.dumps(data))
    done = timed_audit(project)
    assert_like_cold(project, done)
    assert_set_aside(project, MEMO, done)
    assert "警告" not in timed_audit(project).stderr  # stored afresh, a hit again


# ---------------------------------------------------------------- item 6: a killed commit


KILLED_WRITER = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size = 1")  # pages spill into the file before the commit
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE run SET errors = errors + 1000")
con.execute("INSERT INTO run_data VALUES (99, zeroblob(200000), zeroblob(200000))")
os.kill(os.getpid(), 9)
"""


def kill_mid_commit(path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path)], timeout=60, check=False)
    assert done.returncode == -9
    with open(f"{path}-journal", "rb") as f:  # a hot journal: synced, the file half written
        assert f.read(8) == bytes.fromhex("d9d505f920a163d7")


def runs(project: Path) -> list[dict]:
    shown = cli("history", str(project), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert "只读" not in shown.stderr and "权限" not in shown.stderr
    import json

    return json.loads(shown.stdout)["runs"]


def test_history_recovers_after_a_killed_commit(project: Path):
    path = project / HISTORY
    before = runs(project)
    kill_mid_commit(path)
    assert runs(project) == before  # rolled back: the half-written run is gone
    assert not Path(f"{path}-journal").exists()
    kill_mid_commit(path)
    done = timed_audit(project)  # the next audit recovers it too, and records
    assert_like_cold(project, done)
    assert "警告" not in done.stderr
    after = runs(project)
    assert len(after) == len(before) + 1 and after[0]["errors"] == before[0]["errors"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_journal_that_cannot_be_rolled_back_is_named(project: Path):
    path = project / HISTORY
    kill_mid_commit(path)
    path.parent.chmod(0o555)
    try:
        shown = cli("history", str(project))
    finally:
        path.parent.chmod(0o755)
    assert shown.returncode == 2
    assert "audit-history.sqlite-journal" in shown.stderr and "被中断" in shown.stderr


# ---------------------------------------------------------------- item 4: forged rows


def forge_inspections(path: Path) -> None:
    """Every stored inspection says: an encrypted file. By path and by content."""
    forged = '{"sha256": null, "detected": "pdf", "status": "encrypted", "reason": "x", "pages": 1}'
    with sqlite3.connect(path) as con:
        con.execute("UPDATE files SET result = ?", (forged,))
        con.execute("UPDATE content SET result = ?", (forged,))
    con.close()


def test_forged_cache_rows_copied_in_are_not_trusted(project: Path):
    path = project / INSPECT
    forge_inspections(path)
    copied = project / "out" / "copied.sqlite"
    shutil.copyfile(path, copied)  # as a project copied with its out/ brings it: a new file
    os.replace(copied, path)
    os.replace(project / MEMO, project / "out" / "memo-moved")
    done = timed_audit(project)
    assert_like_cold(project, done)
    assert '"file.encrypted"' not in done.stdout
