"""The shape of a rule: a function of AuditInput that yields findings, tagged with its id."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..context import AuditInput
from ..findings import Finding

RuleFn = Callable[[AuditInput], Iterable[Finding]]


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    def tag(fn: RuleFn) -> RuleFn:
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return tag


def at_row(ctx: AuditInput, i: int) -> str:
    """“工作表“2025”第 14 行” — how a message names a ledger row."""
    r = ctx.rows[i]
    return f"归档目录工作表“{r.sheet}”第 {r.row} 行"
