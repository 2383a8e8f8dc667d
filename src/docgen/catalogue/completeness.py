"""The completeness rule: the filing guide's requirements per period."""

from __future__ import annotations

from ..findings import ERROR
from . import Rule

RULES = [
    Rule("completeness.missing", ERROR, "资料不全", {}),
]
