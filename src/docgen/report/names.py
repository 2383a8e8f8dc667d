"""How the reports name an indicator: by the catalogue the audit used (the project's
paths.indicator_catalogue, else the built-in one), never by reading one themselves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..audit import AuditResult


def indicator_names(result: AuditResult) -> dict[str, str]:
    """Indicator code → its Chinese name; empty when the audit had no catalogue."""
    catalogue = result.catalogue
    return {} if catalogue is None else {i.code: i.name for i in catalogue.indicators}


def indicator_name(code: str | None, names: Mapping[str, str]) -> str | None:
    """The clerk reads the indicator's Chinese name; the JSON keeps the stable code."""
    return None if code is None else names.get(code, code)
