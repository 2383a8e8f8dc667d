"""`docgen audit --format docx`: the audit as a 督查通报 through the `circular` template,
with defaults from the project, --data overriding them, the current audit's counts
(not a second audit), the GB/T 9704 format check passed, and no overwriting."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from projectkit import run_cli

from docgen.demo.city import DEMO_TODAY
from docgen.lint import lint_file

TODAY = DEMO_TODAY.isoformat()
DEFAULT = Path("out") / "督查通报.docx"


@pytest.fixture(scope="module")
def written(module_demo) -> tuple[Path, dict, str]:
    """The default 督查通报 of the demo, its JSON audit and the command's output."""
    done = run_cli("audit", str(module_demo), "--format", "docx", "--today", TODAY)
    assert done.returncode == 1, done.stderr  # the demo has error-level findings
    report = json.loads(
        run_cli("audit", str(module_demo), "--format", "json", "--today", TODAY).stdout
    )
    return module_demo / DEFAULT, report, done.stdout


@pytest.fixture()
def project(demo_copy) -> Path:
    return demo_copy


def text_of(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join(p.text for p in d.paragraphs)


def test_docx_names_the_city_and_the_audit_counts(written):
    path, report, stdout = written
    assert path.is_file() and "督查通报" in stdout
    text = text_of(path)
    summary = report["summary"]
    assert "江临市" in text
    assert f"发现错误{summary['errors']}处、警告{summary['warnings']}处" in text
    assert "关于2026年创卫台账资料督查情况的通报" in text
    assert "江爱卫办〔2026〕1号" in text
    assert "江临市爱国卫生运动委员会办公室" in text
    assert "2026年11月1日" in text  # --today is the 成文日期


def test_docx_passes_the_gbt9704_format_check(written):
    path, _, _ = written
    assert lint_file(path) == [], [f"{f.rule}: {f.message}" for f in lint_file(path)]
    done = run_cli("lint", str(path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_data_file_overrides_the_defaults(project, tmp_path):
    data = tmp_path / "通报.yaml"
    data.write_text(
        "title: 关于第三季度台账督查情况的通报\nseq: 37\nrecipient: 市爱卫会各成员单位\n"
        "requirements:\n  - 请于12月10日前整改完毕。\n",
        encoding="utf-8",
    )
    out = tmp_path / "通报.docx"
    done = run_cli(
        "audit",
        str(project),
        "--format",
        "docx",
        "--data",
        str(data),
        "-o",
        str(out),
        "--today",
        TODAY,
    )
    assert done.returncode == 1, done.stderr
    text = text_of(out)
    assert "关于第三季度台账督查情况的通报" in text and "江爱卫办〔2026〕37号" in text
    assert "市爱卫会各成员单位：" in text and "请于12月10日前整改完毕。" in text
    assert "各区爱卫会" not in text
    assert lint_file(out) == []


def test_the_document_reports_the_audit_just_run_not_a_second_one(project, tmp_path):
    out = tmp_path / "ledger-only.docx"
    done = run_cli(
        "audit",
        str(project),
        "--format",
        "docx",
        "--rules",
        "ledger",
        "-o",
        str(out),
        "--today",
        TODAY,
    )
    assert done.returncode == 1, done.stderr
    ledger_only = json.loads(
        run_cli(
            "audit", str(project), "--format", "json", "--rules", "ledger", "--today", TODAY
        ).stdout
    )["summary"]
    assert f"发现错误{ledger_only['errors']}处、警告{ledger_only['warnings']}处" in text_of(out)


def test_an_existing_docx_is_kept_as_the_previous_one_without_force(project):
    target = project / DEFAULT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"old")
    done = run_cli("audit", str(project), "--format", "docx", "--today", TODAY)
    assert done.returncode == 1, done.stderr
    assert "江临市" in text_of(target)
    kept = list((target.parent / "previous").glob(f"{target.stem}.*{target.suffix}"))
    assert [k.read_bytes() for k in kept] == [b"old"] and str(kept[0]) in done.stdout
    forced = run_cli("audit", str(project), "--format", "docx", "--today", TODAY, "--force")
    assert forced.returncode == 1, forced.stderr  # --force still accepted


def test_data_without_docx_and_a_wrong_suffix_are_refused(project, tmp_path):
    data = tmp_path / "d.yaml"
    data.write_text("title: 标题\n", encoding="utf-8")
    done = run_cli("audit", str(project), "--format", "json", "--data", str(data))
    assert done.returncode == 2 and "--format docx" in done.stderr
    done = run_cli("audit", str(project), "--format", "docx", "-o", str(tmp_path / "通报.pdf"))
    assert done.returncode == 2 and ".docx" in done.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [未闭合\n", encoding="utf-8")
    done = run_cli("audit", str(project), "--format", "docx", "--data", str(bad))
    assert done.returncode == 2 and "bad.yaml" in done.stderr and "Traceback" not in done.stderr
    assert not (project / DEFAULT).exists()
