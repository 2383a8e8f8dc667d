"""completeness.missing and the completeness summary, on a small guide of our own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from projectkit import HEADER, audit_result, row
from projectkit import project as ledger_project

from docgen.load.guide import load_guide
from docgen.load.project import load_project
from docgen.report.json_report import to_dict

TODAY = dt.date(2027, 1, 15)

GUIDE = {
    "id": "test-guide",
    "title": "测试建档指引",
    "level": "city",
    "window": 3,
    "sections": [
        {
            "code": "01",
            "name": "爱国卫生组织管理",
            "items": [
                {
                    "code": "1.1",
                    "name": "年度工作计划",
                    "requires": [{"kind": "计划", "per": "year", "min": 1}],
                },
                {
                    "code": "1.2",
                    "name": "爱卫会全体会议",
                    "requires": [{"kind": "会议纪要", "per": "year", "min": 2}],
                },
                {
                    "code": "1.3",
                    "name": "领导小组设置",
                    "requires": [{"kind": "文件", "per": "year", "min": 1, "carry_forward": True}],
                },
            ],
        },
        {
            "code": "03",
            "name": "市容环境卫生",
            "items": [
                {
                    "code": "3.1",
                    "name": "市容巡查",
                    "requires": [{"kind": "检查记录", "per": "quarter", "min": 1}],
                },
                {
                    "code": "3.2",
                    "name": "环卫作业月报",
                    "requires": [{"kind": "报表", "per": "month", "min": 1}],
                },
                {
                    "code": "3.3",
                    "name": "市容管理规划",
                    "requires": [{"kind": "文件", "per": "once", "min": 1}],
                },
            ],
        },
    ],
}


class Ledger:
    """Ledger rows with 档号 numbered per group, so the ledger rules stay quiet."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self.numbers: dict[tuple, int] = {}

    def add(self, item: str, kind: str, date: str, year: str | None = None) -> Ledger:
        year, section = year or date[:4], {"1": "01", "3": "03"}[item[0]]
        n = self.numbers.get((year, section), 0) + 1
        self.numbers[(year, section)] = n
        self.rows.append(
            row(
                f"J012-{year}-D30-{section}-{n:04d}",
                item=item,
                kind=kind,
                date=date,
                title=f"条目{item}{kind}{date}",
            )
        )
        return self


def project(tmp_path: Path, ledger: Ledger, years: list[int], guide: dict = GUIDE) -> Path:
    (tmp_path / "guides").mkdir(parents=True, exist_ok=True)
    (tmp_path / "guides" / "测试指引.yaml").write_text(
        yaml.safe_dump(guide, allow_unicode=True), encoding="utf-8"
    )
    return ledger_project(
        tmp_path, {"目录": [HEADER, *ledger.rows]}, guide="guides/测试指引.yaml", years=years
    )


def audit(root: Path):
    return audit_result(root, rules=["ledger", "completeness"], today=TODAY)


def missing(result, item: str | None = None) -> list[tuple]:
    return [
        (f.item, f.kind, f.period, f.year, f.value, f.expected)
        for f in result.findings
        if f.rule == "completeness.missing" and (item is None or f.item == item)
    ]


def full_year(year: int, skip: tuple = ()) -> Ledger:
    """Everything of GUIDE for `year`, less the (item, period) pairs in `skip`."""
    ledger = Ledger()
    for item, kind, dates in [
        ("1.1", "计划", ["0301"]),
        ("1.2", "会议纪要", ["0410", "1020"]),
        ("1.3", "文件", ["0115"]),
        ("3.1", "检查记录", ["0215", "0515", "0815", "1115"]),
        ("3.2", "报表", [f"{m:02d}05" for m in range(1, 13)]),
        ("3.3", "文件", ["0601"]),
    ]:
        for md in dates:
            if (item, md) not in skip:
                ledger.add(item, kind, f"{year}{md}")
    return ledger


def test_everything_filed_is_complete(tmp_path):
    result = audit(project(tmp_path, full_year(2025), [2025]))
    assert result.findings == []
    assert result.completeness.overall == 1.0


def test_period_labels(tmp_path):
    skip = (("1.1", "0301"), ("3.1", "0515"), ("3.2", "0305"), ("3.3", "0601"))
    result = audit(project(tmp_path, full_year(2025, skip), [2025]))
    assert missing(result) == [
        ("1.1", "计划", "2025", 2025, 0, 1),
        ("3.1", "检查记录", "2025-Q2", 2025, 0, 1),
        ("3.2", "报表", "2025-03", 2025, 0, 1),
        ("3.3", "文件", None, None, 0, 1),
    ]
    f = next(f for f in result.findings if f.period == "2025-Q2")
    assert (f.severity, f.sheet, f.row) == ("error", None, None)
    assert "条目 3.1“市容巡查”在 2025-Q2 季度应有“检查记录”至少 1 件" in f.message


def test_minimum_of_two(tmp_path):
    result = audit(project(tmp_path, full_year(2025, (("1.2", "1020"),)), [2025]))
    assert missing(result) == [("1.2", "会议纪要", "2025", 2025, 1, 2)]
    assert "至少 2 件" in result.findings[0].message and "只有 1 件" in result.findings[0].message


def test_carry_forward_counts_for_later_years(tmp_path):
    ledger = Ledger().add("1.3", "文件", "20230520")
    result = audit(project(tmp_path, ledger, [2024, 2025, 2026]))
    assert missing(result, "1.3") == []


def test_without_carry_forward_each_year_needs_its_own(tmp_path):
    ledger = Ledger().add("1.1", "计划", "20230520").add("1.1", "计划", "20250301")
    result = audit(project(tmp_path, ledger, [2024, 2025, 2026]))
    assert [m[2] for m in missing(result, "1.1")] == ["2024", "2026"]


def test_carry_forward_does_not_count_backwards(tmp_path):
    ledger = Ledger().add("1.3", "文件", "20250520")
    result = audit(project(tmp_path, ledger, [2024, 2025, 2026]))
    assert [m[2] for m in missing(result, "1.3")] == ["2024"]


def test_summary_overall_and_by_section(tmp_path):
    # section 01: 3 cells (1.1, 1.2, 1.3 for 2025), 1.2 unmet → 2/3
    # section 03: 4 quarters + 12 months + once = 17 cells; 1 quarter and 2 months unmet → 14/17
    skip = (("1.2", "0410"), ("3.1", "0815"), ("3.2", "0105"), ("3.2", "1205"))
    result = audit(project(tmp_path, full_year(2025, skip), [2025]))
    summary = to_dict(result)["summary"]["completeness"]
    assert summary["by_section"] == {"01": round(2 / 3, 4), "03": round(14 / 17, 4)}
    assert summary["overall"] == round(16 / 20, 4)
    assert to_dict(result)["summary"]["by_rule"] == {"completeness.missing": 4}


# ---------------------------------------------------------------- extends


def test_user_guide_extends_builtin(tmp_path):
    child = {
        "id": "示例市-2021",
        "extends": "national-city-2021",
        "title": "示例市创卫建档指引",
        "sections": [
            {
                "code": "01",
                "items": [
                    {
                        "code": "1.3",
                        "name": "年度工作有计划、有总结",
                        "requires": [{"kind": "计划", "per": "year", "min": 2}],
                    },
                    {"code": "1.4", "drop": True},
                    {
                        "code": "1.9",
                        "name": "爱国卫生月活动",
                        "requires": [{"kind": "照片", "per": "year", "min": 1}],
                    },
                ],
            }
        ],
    }
    ledger = Ledger().add("1.3", "计划", "20250301").add("1.4", "文件", "20250401")
    root = project(tmp_path, ledger, [2025], guide=child)

    guide = load_guide("guides/测试指引.yaml", base=root)
    items = guide.items
    assert "1.4" not in items and items["1.9"].section == "01"
    assert [(r.kind, r.min) for r in items["1.3"].requires] == [("计划", 2)]
    assert len(guide.sections) == 7 and "3.2" in items  # the rest is inherited

    result = audit(root)
    assert ("1.3", "计划", "2025", 2025, 1, 2) in missing(result, "1.3")
    assert [m[1] for m in missing(result, "1.3")] == ["计划"]
    assert missing(result, "1.9") == [("1.9", "照片", "2025", 2025, 0, 1)]
    assert missing(result, "1.4") == []
    [unknown] = [f for f in result.findings if f.rule == "ledger.unknown-item"]
    assert unknown.item == "1.4" and unknown.column == "条目"


def test_row_without_a_real_date_counts_for_its_year_only(tmp_path):
    ledger = full_year(2025, (("1.1", "0301"), ("3.1", "0815")))
    # the 档号 year places them: 2025 for the yearly plan, but no quarter for the inspection
    ledger.add("1.1", "计划", "下旬", year="2025").add("3.1", "检查记录", "20250231")
    result = audit(project(tmp_path, ledger, [2025]))
    assert missing(result) == [("3.1", "检查记录", "2025-Q3", 2025, 0, 1)]


def test_years_default_to_the_guides_window(tmp_path):
    root = project(tmp_path, Ledger(), [2025], guide={**GUIDE, "window": 2})
    text = (root / "docgen.yaml").read_text(encoding="utf-8")
    (root / "docgen.yaml").write_text(text.replace("years:\n- 2025\n", ""), encoding="utf-8")
    this = dt.date.today().year
    assert load_project(root).years == [this - 1, this]
    assert audit(root).years == [this - 1, this]


def test_measured_once_and_every_summary_kept_in_the_memo(tmp_path, monkeypatch):
    """The check stage measures once (the rule and the reports read that); the by-year
    and period-by-period summaries are on the result, also when it comes from the memo."""
    from docgen import audit as audit_module

    calls = []
    real = audit_module.measure
    monkeypatch.setattr(audit_module, "measure", lambda ctx: calls.append(1) or real(ctx))
    skip = (("1.1", "0301"), ("3.1", "0515"), ("3.2", "0305"))
    root = project(tmp_path, full_year(2025, skip), [2025])
    first = audit(root)
    assert calls == [1] and first.stats["memo"] == "miss"
    measured = first.completeness
    in_2025 = [c.met for c in measured.cells if c.year == 2025]
    assert measured.years["2025"] == round(sum(in_2025) / len(in_2025), 4) < 1
    assert [t.per for t in measured.periods] == ["quarter", "month"]
    quarter = measured.periods[0]
    assert quarter.labels == ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
    [row3] = quarter.rows
    assert (row3.code, row3.kind, row3.least) == ("3.1", "检查记录", 1)
    assert [row3.cells[p].count for p in quarter.labels] == [1, 0, 1, 1]
    again = audit(root)
    assert again.stats["memo"] == "hit" and calls == [1]
    assert again.completeness.years == measured.years
    assert again.completeness.periods == measured.periods
    assert again.completeness.sections == measured.sections
