"""The one rule catalogue: every stable rule id docgen reports — audit rules and the
`docgen lint` format checks alike — with its one severity, a short Chinese title and
the Chinese message templates of its findings.

Ids and severities are the product contract (DESIGN.md); titles head the groups in
the reports. Each family keeps its entries in a module of its own (ledger.py,
files.py, completeness.py, data.py, format.py); this module lists them all. A rule
makes its findings through `make()`, so no rule can invent an id, a severity or a
wording of its own: the words of every finding live here, beside its id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..findings import FINDING_KEYS, Finding


@dataclass(frozen=True)
class Rule:
    """A catalogue entry. `messages` maps a variant name ("" for the usual case) to a
    `str.format` template; its fields are the keyword arguments of `make()`."""

    id: str
    severity: str
    title: str
    messages: Mapping[str, str] = field(default_factory=dict)

    def message(self, variant: str = "", **fields: Any) -> str:
        try:
            template = self.messages[variant]
        except KeyError:
            raise KeyError(f"{self.id} has no message {variant!r}") from None
        return template.format_map(fields)


def _entries() -> list[Rule]:
    from . import completeness, data, files, format, ledger, page

    return [
        *ledger.RULES,
        *files.RULES,
        *completeness.RULES,
        *data.RULES,
        *format.RULES,
    ] + page.RULES


CATALOGUE: dict[str, Rule] = {r.id: r for r in _entries()}
_LOCATION = frozenset(FINDING_KEYS) - {"rule", "severity", "message"}


def make(rule_id: str, variant: str = "", /, **fields: Any) -> Finding:
    """A finding of `rule_id` with the catalogue's severity and the message `variant`
    filled from `fields`. Fields named like a Finding's location keys (sheet, row,
    file, value, ...) also become those keys; the rest only fill the template."""
    rule = CATALOGUE[rule_id]
    where = {k: v for k, v in fields.items() if k in _LOCATION}
    return Finding(
        rule=rule.id, severity=rule.severity, message=rule.message(variant, **fields), **where
    )
