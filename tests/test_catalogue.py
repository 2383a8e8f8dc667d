"""The one rule catalogue (docgen.catalogue) against what runs: every id the audit and
`docgen lint` can report has one entry, with one severity, a title and its messages."""

from __future__ import annotations

import string

import pytest

from docgen import catalogue, lint, rules
from docgen.catalogue import CATALOGUE, completeness, data, files, ledger, page
from docgen.catalogue import format as format_family
from docgen.findings import ERROR, WARNING

FAMILIES = {
    "ledger": ledger,
    "files": files,
    "completeness": completeness,
    "data": data,
    "format": format_family,
    "page": page,  # format.* ids of the laid-out page
}
PREFIX = {"files": "file", "page": "format"}


def test_audit_and_lint_ids_are_exactly_the_catalogue():
    running = [r.rule_id for r in rules.ALL_RULES] + list(lint.RULES)
    assert len(running) == len(set(running))
    assert set(running) == set(CATALOGUE)


def test_lint_registry_runs_one_check_per_format_id():
    assert lint.RULES[0] == "format.unreadable"
    assert sorted(lint.RULES) == sorted(r.id for r in [*format_family.RULES, *page.RULES])


def test_no_id_is_in_two_families():
    ids = [r.id for module in FAMILIES.values() for r in module.RULES]
    assert len(ids) == len(set(ids)) == len(CATALOGUE)
    for name, module in FAMILIES.items():
        assert all(r.id.startswith(PREFIX.get(name, name) + ".") for r in module.RULES)


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_severity_is_error_or_warning(name):
    assert {r.severity for r in FAMILIES[name].RULES} <= {ERROR, WARNING}


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_entry_has_a_title(name):
    assert all(r.title.strip() for r in FAMILIES[name].RULES)


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_entry_has_a_message(name):
    assert [r.id for r in FAMILIES[name].RULES if not r.messages] == []


@pytest.mark.parametrize("rule", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_every_template_is_a_valid_format_string(rule):
    for variant, template in rule.messages.items():
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        assert all(f.isidentifier() for f in fields), (variant, fields)


def test_make_fills_the_template_and_the_location_keys():
    f = catalogue.make("ledger.bad-page-count", sheet="2025", row=4, value="三", expected="≥1")
    assert (f.rule, f.severity, f.sheet, f.row, f.value) == (
        "ledger.bad-page-count",
        ERROR,
        "2025",
        4,
        "三",
    )
    assert (
        f.message
        == "归档目录工作表“2025”第 4 行的页数“三”不是不小于 1 的整数。请填写该件的实际页数。"
    )


def test_make_refuses_an_unknown_variant():
    with pytest.raises(KeyError, match="no message"):
        catalogue.make("format.paper", "no-such-variant", place="页面设置", value="1×1 mm")
