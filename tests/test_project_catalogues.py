"""A project's own indicator catalogue and 必备条件 list, named in docgen.yaml's paths:
used by the audit and the dossier, and a change to them is never answered from the
audit memo."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from projectkit import (
    code,
    make_pdf,
    project,
    row,
    run_cli,
    write_book,
)

from docgen.audit import load_input, run_audit
from docgen.errors import InputError
from docgen.load.project import load_project
from docgen.rules.data.prerequisites import prerequisites

OWN_CATALOGUE = {
    "extends": "builtin",
    "indicators": [
        {
            "code": "health-satisfaction",
            "thresholds": [
                {"version": "2021", "op": ">=", "value": 95, "verified": True, "source": "本省细则"}
            ],
        }
    ],
}


def make_project(root: Path, **paths: str) -> Path:
    project(root, [row(code(1), item="1.1", kind="文件")], archive=False, paths=paths or None)
    make_pdf(root / "archive" / f"{code(1)}.pdf")
    write_book(
        root / "data" / "指标数据.xlsx",
        [["指标名称", "年度", "数值", "单位"], ["群众对卫生状况满意率", 2025, 92.5, "%"]],
        title="指标数据",
    )
    return root


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def below_standard(root: Path) -> list:
    return [f for f in run_audit(root).findings if f.rule == "data.below-standard"]


def test_the_builtin_catalogue_passes_a_figure_the_projects_own_threshold_fails(tmp_path):
    plain = make_project(tmp_path / "plain")
    assert below_standard(plain) == []
    own = make_project(tmp_path / "own", indicator_catalogue="本地指标.yaml")
    write_yaml(own / "本地指标.yaml", OWN_CATALOGUE)
    [finding] = below_standard(own)
    assert finding.severity == "error" and finding.indicator == "health-satisfaction"
    assert "95" in finding.message and "92.5" in finding.message


def test_a_change_to_the_projects_catalogue_is_not_answered_from_the_memo(tmp_path):
    root = make_project(tmp_path / "p", indicator_catalogue="本地指标.yaml")
    write_yaml(root / "本地指标.yaml", OWN_CATALOGUE)
    assert len(below_standard(root)) == 1
    relaxed = {
        **OWN_CATALOGUE,
        "indicators": [
            {
                "code": "health-satisfaction",
                "thresholds": [{"version": "2021", "op": ">=", "value": 90, "verified": True}],
            }
        ],
    }
    write_yaml(root / "本地指标.yaml", relaxed)
    result = run_audit(root)
    assert result.stats["memo"] == "miss"
    assert [f for f in result.findings if f.rule == "data.below-standard"] == []


def test_a_projects_own_prerequisites_list_is_used(tmp_path):
    root = make_project(tmp_path / "p", prerequisites="必备条件.yaml")
    write_yaml(
        root / "必备条件.yaml",
        {
            "lists": [
                {
                    "version": "2021",
                    "title": "本省必备条件",
                    "verified": True,
                    "items": [
                        {"number": 1, "name": "群众满意率", "indicators": ["health-satisfaction"]}
                    ],
                }
            ]
        },
    )
    rows = prerequisites(load_input(root, statements=True))
    assert [(r["no"], r["name"], r["years"][2025]) for r in rows] == [(1, "群众满意率", "92.5%")]


@pytest.mark.parametrize(
    ("key", "content", "said"),
    [
        ("indicator_catalogue", "indicators: [\n", "本地.yaml"),
        ("indicator_catalogue", None, "本地.yaml"),
        ("prerequisites", "lists: 3\n", "本地.yaml"),
    ],
)
def test_a_broken_or_missing_project_catalogue_exits_2_naming_it(tmp_path, key, content, said):
    root = make_project(tmp_path / "p", **{key: "本地.yaml"})
    if content is not None:
        (root / "本地.yaml").write_text(content, encoding="utf-8")
    command = (
        ["audit", str(root)]
        if key == "indicator_catalogue"
        else ["render", "prerequisites", str(root)]
    )
    result = run_cli(*command)
    assert result.returncode == 2, result.stdout + result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr


def test_catalogue_paths_must_stay_inside_the_project(tmp_path):
    root = make_project(tmp_path / "p", indicator_catalogue="../别处/指标.yaml")
    with pytest.raises(InputError) as err:
        load_project(root)
    assert "paths.indicator_catalogue" in err.value.message
