"""The counts part of the HTML report: findings by family and by rule."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import quote

from ...catalogue import CATALOGUE
from ...findings import ERROR, SEVERITY_ORDER, WARNING
from .markup import badge, esc

if TYPE_CHECKING:
    from ...audit import AuditResult

FAMILIES = {
    "ledger": "归档目录",
    "file": "归档文件",
    "completeness": "资料完整性",
    "data": "数据与问题",
}


def family_of(rule: str) -> str:
    return rule.split(".", 1)[0]


def counts(result: AuditResult, status: list[str | None] | None) -> str:
    by_family: Counter[tuple[str, str]] = Counter(
        (family_of(f.rule), f.severity) for f in result.findings
    )
    families = list(FAMILIES) + sorted({fam for fam, _ in by_family} - set(FAMILIES))
    rows = []
    for fam in families:
        e, w = by_family[(fam, ERROR)], by_family[(fam, WARNING)]
        rows.append(
            f'<tr><th scope="row">{esc(FAMILIES.get(fam, fam))} <small>{esc(fam)}.*</small></th>'
            f'<td class="num">{e}</td><td class="num">{w}</td><td class="num">{e + w}</td></tr>'
        )
    rows.append(
        f'<tr><th scope="row">合计</th><td class="num">{result.errors}</td>'
        f'<td class="num">{result.warnings}</td><td class="num">{len(result.findings)}</td></tr>'
    )
    family_table = (
        '<table>\n<caption class="dim">按类别</caption>\n<thead><tr><th scope="col">类别</th>'
        '<th scope="col" class="num">错误</th><th scope="col" class="num">警告</th>'
        f'<th scope="col" class="num">合计</th></tr></thead>\n<tbody>\n{chr(10).join(rows)}\n'
        "</tbody>\n</table>\n"
    )
    by_rule = Counter(f.rule for f in result.findings)
    new = Counter(f.rule for f, s in zip(result.findings, status or (), strict=False) if s == "new")
    severity = {f.rule: f.severity for f in result.findings}
    order = sorted(by_rule, key=lambda r: (SEVERITY_ORDER.get(severity[r], 9), r))
    new_head = '<th scope="col" class="num">新增</th>' if status is not None else ""
    lines = []
    for rule in order:
        info = CATALOGUE.get(rule)
        new_cell = f'<td class="num">{new[rule]}</td>' if status is not None else ""
        lines.append(
            f'<tr><td><a href="#{esc("rule=" + quote(rule))}">'
            f"{esc(info.title if info else rule)}</a>"
            f" <code>{esc(rule)}</code></td><td>{badge(severity[rule])}</td>"
            f'<td class="num">{by_rule[rule]}</td>{new_cell}</tr>'
        )
    none = f'<tr><td colspan="{3 if status is None else 4}">未发现问题</td></tr>'
    rule_table = (
        '<table>\n<caption class="dim">按规则（点击规则名筛选问题清单）</caption>\n<thead><tr>'
        '<th scope="col">规则</th><th scope="col">严重程度</th>'
        f'<th scope="col" class="num">条数</th>{new_head}</tr></thead>\n<tbody>\n'
        f"{chr(10).join(lines) or none}\n</tbody>\n</table>\n"
    )
    return (
        f'<section id="counts">\n<h2>问题统计</h2>\n<div class="side">\n{family_table}{rule_table}'
        "</div>\n</section>\n"
    )
