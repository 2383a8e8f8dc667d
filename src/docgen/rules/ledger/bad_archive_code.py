"""ledger.bad-archive-code: a 档号 out of pattern, or at odds with the project or its row."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...catalogue.ledger import ARCHIVE_CODE_PROBLEMS
from ...context import AuditInput
from ...findings import Finding
from ...model import Item, LedgerRow
from ...parse import RETENTION_CODES, RETENTION_NAMES, ArchiveCode
from ..base import rule
from .shift import left_to_shift


@rule("ledger.bad-archive-code")
def bad_archive_code(ctx: AuditInput) -> Iterator[Finding]:
    items = ctx.guide.items
    named = {name: code for code, name in ctx.guide.section_names.items()}
    for i, r in enumerate(ctx.rows):
        text = r.text("档号")
        if not text or left_to_shift(ctx, i, "档号"):
            continue
        where = ctx.row_where(i, "档号")
        code = ctx.codes[i]
        if code is None:
            yield make("ledger.bad-archive-code", "pattern", value=text, **where)
            continue
        problems = _code_problems(ctx, code) + _row_problems(r, code, items, named)
        if problems:
            yield make("ledger.bad-archive-code", problems="；".join(problems), value=text, **where)


def _problem(name: str, **fields) -> str:
    return ARCHIVE_CODE_PROBLEMS[name].format_map(fields)


def _code_problems(ctx: AuditInput, code: ArchiveCode) -> list[str]:
    """What is wrong with the 档号 itself, against the project."""
    problems = []
    if code.retention not in RETENTION_CODES:
        word = not code.retention.isascii()  # 长期, 定期: a word, not a letter code
        problems.append(
            _problem("retention-word" if word else "retention-code", code=code.retention)
        )
    fonds = ctx.project.city.fonds
    if fonds and code.fonds != fonds:
        problems.append(_problem("fonds", code=code.fonds, fonds=fonds))
    doc_class = ctx.project.doc_class
    if doc_class and code.doc_class != doc_class:
        problems.append(_problem("doc-class", doc_class=doc_class, code=code.doc_class or "无"))
    if code.number == 0:
        problems.append(_problem("number-zero"))
    return problems


def _row_problems(
    r: LedgerRow, code: ArchiveCode, items: dict[str, Item], named: dict[str, str]
) -> list[str]:
    """Where the 档号 disagrees with its own row: 保管期限, 条目's section, 件号. A 类目
    written as a name is compared when the guide knows the name (else it is a 机构（问题）
    the guide cannot judge); a retention the row took from this 档号 agrees with it."""
    problems = []
    retention = r.text("保管期限")
    expected = RETENTION_NAMES.get(retention)
    if expected and code.retention in RETENTION_CODES and expected != code.retention:
        problems.append(
            _problem(
                "retention", code=code.retention_written, retention=retention, expected=expected
            )
        )
    item = items.get(r.text("条目"))
    section = named.get(code.section) if code.section_named else code.section or None
    if item is not None and section is not None and section != item.section:
        if code.section_named:
            names = {c: n for n, c in named.items()}
            shown = f"{item.section} {names.get(item.section, '')}".strip()
            problems.append(
                _problem("section-name", code=code.section, item=item.code, section=shown)
            )
        else:
            problems.append(
                _problem("section", code=code.section, item=item.code, section=item.section)
            )
    number = r.text("件号")
    if number and (not number.isdecimal() or int(number) != code.number):
        problems.append(_problem("number", number=number, code=code.number))
    return problems
