"""The `docgen lint` format checks (GB/T 9704-2012)."""

from __future__ import annotations

from . import Rule

RULES: list[Rule] = []
