"""The one list of every rule docgen runs. Each rule is a function tagged with its
stable id (see catalogue/ for ids, severities and titles)."""

from __future__ import annotations

from .base import RuleFn
from .completeness import missing as completeness_missing
from .completeness import open_period as completeness_open_period
from .data.below_standard import below_standard
from .data.date_order import date_order
from .data.logic import logic as data_logic
from .data.mismatch import mismatch as data_mismatch
from .data.missing_indicator import missing_indicator
from .data.out_of_range import out_of_range
from .data.overdue import overdue
from .data.unit import unit_mismatch
from .data.unknown_unit import unknown_unit
from .files.duplicate_content import duplicate_content
from .files.empty import empty
from .files.encrypted import encrypted
from .files.missing import file_missing
from .files.orphan import orphan
from .files.outside_root import outside_root
from .files.page_mismatch import page_mismatch
from .files.scan_colour import scan_colour
from .files.scan_resolution import scan_resolution
from .files.unread import unread
from .files.unreadable import unreadable
from .ledger.bad_archive_code import bad_archive_code
from .ledger.bad_date import bad_date
from .ledger.bad_doc_number import bad_doc_number
from .ledger.bad_page_count import bad_page_count
from .ledger.bad_retention import bad_retention
from .ledger.duplicate_archive_code import duplicate_archive_code
from .ledger.duplicate_doc_number import duplicate_doc_number
from .ledger.duplicate_entry import duplicate_entry
from .ledger.item_number_gap import item_number_gap
from .ledger.missing_column import missing_column
from .ledger.nonstandard_date import nonstandard_date
from .ledger.required_empty import required_empty
from .ledger.shifted_columns import shifted_columns
from .ledger.unknown_item import unknown_item
from .ledger.year_mismatch import year_mismatch

LEDGER_RULES: list[RuleFn] = [
    missing_column,
    shifted_columns,
    required_empty,
    bad_date,
    nonstandard_date,
    year_mismatch,
    bad_archive_code,
    duplicate_archive_code,
    item_number_gap,
    bad_retention,
    bad_doc_number,
    bad_page_count,
    duplicate_entry,
    duplicate_doc_number,
    unknown_item,
]
FILE_RULES: list[RuleFn] = [
    file_missing,
    orphan,
    unreadable,
    encrypted,
    empty,
    page_mismatch,
    duplicate_content,
    outside_root,
    scan_resolution,
    scan_colour,
    unread,
]
COMPLETENESS_RULES: list[RuleFn] = [completeness_missing, completeness_open_period]
DATA_RULES: list[RuleFn] = [
    below_standard,
    out_of_range,
    data_mismatch,
    data_logic,
    unit_mismatch,
    missing_indicator,
    unknown_unit,
    overdue,
    date_order,
]

ALL_RULES: list[RuleFn] = LEDGER_RULES + FILE_RULES + COMPLETENESS_RULES + DATA_RULES


def select(prefixes: list[str] | None) -> list[RuleFn]:
    """The rules whose id starts with one of `prefixes` (all when None)."""
    if not prefixes:
        return list(ALL_RULES)
    unknown = [p for p in prefixes if not any(r.rule_id.startswith(p) for r in ALL_RULES)]
    if unknown:  # a typo must not pass for a project without problems
        from ..errors import InputError

        families = sorted({r.rule_id.split(".")[0] for r in ALL_RULES})
        raise InputError(
            f"--rules 中的 {'、'.join(p[:60] for p in unknown)} 不是任何规则编号的开头。"
            f"请写规则编号或其前缀，如 {'、'.join(families)}、file.missing，多个用逗号分隔。"
        )
    return [r for r in ALL_RULES if any(r.rule_id.startswith(p) for p in prefixes)]
