"""format.layout-unchecked: the page checks that could not run on a file, and why
(no LibreOffice, no Chinese font, a layout that failed): skipped, never passed."""

from __future__ import annotations

from ...catalogue import CATALOGUE, make
from ...findings import Finding


def unchecked(name: str, reason: str, ids: list[str]) -> Finding:
    titles = "、".join(CATALOGUE[i].title for i in ids)
    return make(
        "format.layout-unchecked", "", file=name, checks=f"（{titles}）", value=reason.rstrip("。")
    )
