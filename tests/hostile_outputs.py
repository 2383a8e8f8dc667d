"""The hostile cases that attack the outputs (out/ a file or a link, the cache) and the
options (--today, --years, -o)."""

from __future__ import annotations

from pathlib import Path

from hostile_base import (
    REPORT_FORMATS,
    Case,
    link,
)
from hostile_files import (
    _renamed_archive,
)


def _out_is_file(root: Path) -> None:
    (root / "out").write_text("我是一个文件，不是文件夹\n", encoding="utf-8")


def _out_links_into_archive(root: Path) -> None:
    link("archive", root / "out")


def _out_links_outside(root: Path) -> None:
    outside = root.parent / "外面"
    outside.mkdir()
    link(outside, root / "out")


def _nothing_outside(root: Path) -> None:
    assert not any((root.parent / "外面").iterdir())


def _cache_links_into_ledger(root: Path) -> None:
    (root / "out").mkdir()
    link("../ledger", root / "out" / ".cache")


OUTPUT_CASES: list[Case] = [
    # ------------------------------------------------ outputs
    Case("out-is-a-file", _out_is_file, refuse="out", formats=("xlsx",)),
    Case("out-is-a-file-json", _out_is_file, formats=("json", "table")),
    Case("out-links-into-archive", _out_links_into_archive, refuse="archive", formats=("xlsx",)),
    Case("out-links-into-archive-json", _out_links_into_archive, formats=("json", "table")),
    Case(
        "out-links-outside",
        _out_links_outside,
        formats=("json",),
        check=lambda root, runs: _nothing_outside(root),
    ),
    Case(
        "out-links-outside-reports",
        _out_links_outside,
        refuse="out",
        formats=("xlsx", *REPORT_FORMATS),
        check=lambda root, runs: _nothing_outside(root),
    ),
    Case("cache-links-into-ledger", _cache_links_into_ledger, formats=("json",)),
    Case(
        "output-into-renamed-archive",
        _renamed_archive,
        refuse="归档",
        formats=("json",),
        extra=("-o", "{root}/归档/报告.json"),
    ),
    Case("today-far-future", lambda r: None, formats=("json",), extra=("--today", "9999-12-31")),
    Case("today-year-one", lambda r: None, formats=("json",), extra=("--today", "0001-01-01")),
    Case(
        "years-option-far",
        lambda r: None,
        refuse="--years",
        formats=("json",),
        extra=("--years", "9998-9999"),
    ),
]
