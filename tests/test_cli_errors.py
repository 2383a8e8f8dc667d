"""Input docgen cannot use: exit status 2, a Chinese message naming the file, no
traceback, and nothing in the project folder touched. Plus exit statuses 0/1 and a
byte-stable JSON report."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from projectkit import HEADER, make_pdf, row, run_cli, write_config, write_ledger

LEDGER = "ledger/归档文件目录.xlsx"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
GOOD_CONFIG = (
    "city: {name: 示例市, level: city, province: 示例省, fonds: J012}\n"
    "guide: national-city-2021\n"
    "years: [2025]\n"
)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under the project, by its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def ledger_project(root: Path) -> Path:
    write_config(root)
    (root / "archive").mkdir(parents=True, exist_ok=True)
    write_ledger(root, {"2025": [HEADER, row("J012-2025-D30-01-0001")]})
    return root


def refused(root: Path, names: str) -> str:
    """Run `docgen audit ROOT`; check the refusal and return the message."""
    before = snapshot(root) if root.exists() else {}
    result = run_cli("audit", str(root))
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out
    assert CHINESE.search(result.stderr), result.stderr
    assert names in result.stderr, result.stderr
    assert (snapshot(root) if root.exists() else {}) == before
    return result.stderr


def config(root: Path, text: str, encoding: str = "utf-8") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "archive").mkdir(exist_ok=True)
    (root / "docgen.yaml").write_bytes(text.encode(encoding))
    return root


# ---------------------------------------------------------------- docgen.yaml


def test_no_config(tmp_path):
    (tmp_path / "ledger").mkdir()
    refused(tmp_path, "docgen.yaml")


def test_yaml_syntax_error_names_the_line(tmp_path):
    root = config(
        tmp_path, GOOD_CONFIG.replace("guide: national-city-2021", "guide: national: city")
    )
    message = refused(root, "docgen.yaml")
    assert "第 2 行" in message


def test_years_not_years(tmp_path):
    root = config(tmp_path, GOOD_CONFIG.replace("years: [2025]", 'years: "abc"'))
    message = refused(root, "docgen.yaml")
    assert "years" in message and "abc" in message


def test_level_town(tmp_path):
    root = config(tmp_path, GOOD_CONFIG.replace("level: city", "level: town"))
    message = refused(root, "docgen.yaml")
    assert "city.level" in message and "town" in message


def test_unknown_top_level_key(tmp_path):
    root = config(tmp_path, GOOD_CONFIG + "yeers: [2024, 2025]\n")
    assert "yeers" in refused(root, "docgen.yaml")


def test_unknown_guide(tmp_path):
    root = config(tmp_path, GOOD_CONFIG.replace("national-city-2021", "national-city-2099"))
    message = refused(root, "docgen.yaml")
    assert "national-city-2099" in message


def test_gbk_config(tmp_path):
    root = config(tmp_path, GOOD_CONFIG, encoding="gbk")
    assert "UTF-8" in refused(root, "docgen.yaml")


def test_missing_project_folder(tmp_path):
    refused(tmp_path / "没有这个项目", "没有这个项目")


# ---------------------------------------------------------------- the ledger workbook


def test_missing_ledger(tmp_path):
    write_config(tmp_path)
    (tmp_path / "archive").mkdir()
    refused(tmp_path, "归档文件目录.xlsx")


def test_csv_renamed_xlsx(tmp_path):
    write_config(tmp_path)
    (tmp_path / "ledger").mkdir()
    text = (
        ",".join(HEADER)
        + "\n"
        + ",".join(str(v or "") for v in row("J012-2025-D30-01-0001"))
        + "\n"
    )
    (tmp_path / LEDGER).write_bytes(text.encode("gbk"))
    refused(tmp_path, "归档文件目录.xlsx")


def test_truncated_xlsx(tmp_path):
    root = ledger_project(tmp_path)
    data = (root / LEDGER).read_bytes()
    (root / LEDGER).write_bytes(data[: len(data) // 2])
    refused(root, "归档文件目录.xlsx")


def test_empty_ledger(tmp_path):
    root = ledger_project(tmp_path)
    (root / LEDGER).write_bytes(b"")
    assert "0 字节" in refused(root, "归档文件目录.xlsx")


def test_encrypted_looking_ledger(tmp_path):
    root = ledger_project(tmp_path)
    (root / LEDGER).write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00\x3e\x00\x03" * 500)
    assert "密码" in refused(root, "归档文件目录.xlsx")


def test_ledger_sheets_naming_a_missing_sheet(tmp_path):
    root = ledger_project(tmp_path)
    write_config(root, paths={"ledger_sheets": ["2026"]})
    assert "2026" in refused(root, "归档文件目录.xlsx")


# ---------------------------------------------------------------- exit statuses and JSON


ONE_ITEM_GUIDE = {
    "id": "one-item",
    "title": "单条目指引",
    "level": "city",
    "sections": [
        {
            "code": "01",
            "name": "组织管理",
            "items": [
                {
                    "code": "1.1",
                    "name": "年度计划",
                    "requires": [{"kind": "计划", "per": "year", "min": 1}],
                }
            ],
        }
    ],
}
RULES = "ledger,file,completeness"


def small_project(root: Path, extra_rows: list[list] = ()) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "guide.yaml").write_text(
        yaml.safe_dump(ONE_ITEM_GUIDE, allow_unicode=True), encoding="utf-8"
    )
    write_config(root, guide="guide.yaml")
    rows = [
        row("J012-2025-D30-01-0001", item="1.1", kind="计划", date="2025-03-10", pages=2),
        *extra_rows,
    ]
    write_ledger(root, {"2025": [HEADER, *rows]})
    make_pdf(root / "archive" / "2025" / "J012-2025-D30-01-0001.pdf", pages=2)
    return root


def test_only_warnings_exit_zero(tmp_path):
    root = small_project(tmp_path)
    result = run_cli("audit", str(root), "--format", "json", "--rules", RULES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ledger.nonstandard-date" in result.stdout


def test_errors_exit_one(tmp_path):
    bad = row("J012-2025-D30-01-0002", item="1.1", kind="计划", date="20250231", pages=1)
    root = small_project(tmp_path, [bad])
    make_pdf(root / "archive" / "2025" / "J012-2025-D30-01-0002.pdf", pages=1)
    result = run_cli("audit", str(root), "--format", "json", "--rules", RULES)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ledger.bad-date" in result.stdout


@pytest.mark.parametrize("rules", [None, RULES])
def test_json_is_byte_identical_across_runs(tmp_path, rules):
    bad = row(
        "J012-2025-D30-01-0003",
        item="9.9",
        kind="通知",
        date="下旬",
        pages=0,
        number="示办[2024]01号",
    )
    root = small_project(tmp_path, [bad, bad])
    args = ["audit", str(root), "--format", "json", *(["--rules", rules] if rules else [])]
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == second.returncode == 1, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.startswith("{")
