"""A laid-out PDF read back with pdfplumber: pages of text lines (characters grouped by
their baseline) and rules (filled rectangles and lines), in points from the page's top.

Minimal on purpose: docgen.layout (LibreOffice layout read back) replaces it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
TOP = 37 * MM  # 版心
BOTTOM = (297 - 35) * MM
LEFT = 28 * MM
RIGHT = (210 - 26) * MM


@dataclass
class Line:
    top: float
    bottom: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def size(self) -> float:
        return max(c["size"] for c in self.chars)

    @property
    def red(self) -> bool:
        return all(_is_red(c.get("non_stroking_color")) for c in self.chars if c["text"].strip())


@dataclass
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float
    red: bool


@dataclass
class Page:
    number: int
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        """Lines inside the 版心 (not the page number)."""
        return [ln for ln in self.lines if ln.bottom <= BOTTOM + 2]

    @property
    def footer(self) -> list[Line]:
        return [ln for ln in self.lines if ln.top > BOTTOM]


def _is_red(color) -> bool:
    if not color or len(color) != 3:
        return False
    r, gr, b = color
    return r > 0.9 and gr < 0.1 and b < 0.1


def read(path: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for n, p in enumerate(pdf.pages, start=1):
            pages.append(Page(n, _lines(p.chars), _rules(p)))
    return pages


def _lines(chars: list[dict]) -> list[Line]:
    rows: dict[int, list[dict]] = defaultdict(list)
    for c in chars:
        if c["text"].strip():
            rows[round(c["bottom"] - c["size"] * 0.12)].append(c)
    lines = []
    for _, cs in sorted(rows.items()):
        cs.sort(key=lambda c: c["x0"])
        lines.append(Line(min(c["top"] for c in cs), max(c["bottom"] for c in cs), cs))
    return lines


def _rules(page) -> list[Rule]:
    out = []
    for r in list(page.rects) + list(page.lines):
        if r["x1"] - r["x0"] > 50 and r["bottom"] - r["top"] < 3:
            color = r.get("non_stroking_color") or r.get("stroking_color")
            out.append(Rule(r["x0"], r["x1"], r["top"], r["bottom"], _is_red(color)))
    return sorted(out, key=lambda r: r.top)
