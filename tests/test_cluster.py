"""The file stages and a multi-project audit on a Dask cluster (a LocalCluster of two
worker processes here): the JSON report is byte for byte that of a local run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from projectkit import cid_pdf, code, project, row, run_cli

from docgen.audit import run_audit
from docgen.report.json_report import render
from docgen.workers import cluster

distributed = pytest.importorskip(
    "dask.distributed", reason="dask.distributed is not installed (pip install 'docgen[cluster]')"
)

TODAY = "2026-11-01"


@pytest.fixture(scope="module")
def scheduler():
    import dask

    # daemonic workers, as `dask worker` starts them: the pool's children must still run
    config = {"distributed.worker.daemon": True, "logging.distributed": "error"}
    with (
        dask.config.set(config),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
    ):
        yield local.scheduler_address


def reports(root: Path, files: int, odd: set[int]) -> Path:
    """A project of `files` filed 总结 PDFs stating 建成区绿化覆盖率 41.2% (40.9% for
    the numbers in `odd`: data.mismatch findings), and one PDF that is not one."""
    rows = []
    for n in range(1, files + 1):
        rel = f"2025/{code(n, section='03')}.pdf"
        rows.append(row(code(n, section="03"), item="3.3", kind="总结", date="20251215", path=rel))
        value = "40.9" if n in odd else "41.2"
        lines = [f"2025年全市建成区绿化覆盖率为{value}%。", f"第{n}号"]
        cid_pdf(root / "archive" / rel, lines, invariant=True)
    project(root, rows)
    (root / "archive" / rows[-1][9]).write_bytes(b"%PDF-1.4 not really")
    return root


def json_of(root: Path, address: str | None) -> str:
    shutil.rmtree(root / "out", ignore_errors=True)  # cold: the stages run again
    result = run_audit(root, today=_today(), memo=False, cluster=address)
    return render(result)


def _today():
    import datetime as dt

    return dt.date.fromisoformat(TODAY)


def test_extraction_on_the_cluster_gives_the_local_report(
    tmp_path: Path, scheduler: str, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # a relative project path: the workers' folder is not ours
    root = reports(Path("p"), files=90, odd={3, 50, 77})
    local = json_of(root, None)
    sent = cluster.STATS["batches"]
    remote = json_of(root, scheduler)
    assert cluster.STATS["batches"] >= sent + 4  # inspection and extraction, 2 batches each
    assert remote == local
    rules = [f["rule"] for f in json.loads(remote)["findings"]]
    assert rules.count("data.mismatch") == 3 and "file.unreadable" in rules
    # the results came home: the caches serve the next (local) run
    assert (root / "out" / ".cache" / "extract.sqlite").is_file()


def test_two_projects_on_the_cluster_give_the_local_reports(tmp_path: Path, scheduler: str):
    a = reports(tmp_path / "甲市", files=12, odd={5})
    b = reports(tmp_path / "乙市", files=8, odd=set())
    alone = {}
    for d in (a, b):
        done = run_cli("audit", str(d), "--format", "json", "--today", TODAY, "--force")
        assert done.returncode == 1, done.stderr  # file.unreadable is an error
        alone[d] = done.stdout
    for address in (None, scheduler):
        for d in (a, b):
            shutil.rmtree(d / "out")
        extra = ["--cluster", address] if address else []
        done = run_cli("audit-all", "甲市", "乙市", "--today", TODAY, *extra, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        for d in (a, b):
            assert (d / "out" / "audit.json").read_text(encoding="utf-8") == alone[d]
            assert f"已写出审核结果：{d.name}/out/audit.json" in done.stdout
    assert "data.mismatch" in alone[a] and "data.mismatch" not in alone[b]


def test_a_bad_address_is_a_chinese_message(tmp_path: Path):
    root = reports(tmp_path / "p", files=2, odd=set())
    done = run_cli("audit", str(root), "--cluster", "10.0.0.5:8786")
    assert done.returncode == 2 and "tcp://主机:8786" in done.stderr, done.stderr
    (root / "docgen.yaml").write_text(
        (root / "docgen.yaml").read_text(encoding="utf-8") + "cluster: tcp://127.0.0.1:9\n",
        encoding="utf-8",
    )
    done = run_cli("audit", str(root))
    assert done.returncode == 2 and "无法连接 Dask 集群 tcp://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr
