"""The laid-out document as data: pages, their text lines and their horizontal rules,
in points from the page's top left corner (as pdfplumber measures them).

A `Line` is the characters that share a baseline; its colour is that of most of its
characters, as "RRGGBB". A `Rule` is a horizontal line or a thin filled rectangle
(LibreOffice draws paragraph borders either way). Sizes of the standard come from
docgen.gbt9704.spec: the 版心 (`Page.box`) is where GB/T 9704 puts it, not where the
document's own margins put it, so a measurement is always against the standard.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from ..gbt9704 import spec

MM = 72 / 25.4  # points in a millimetre
EDGE_PT = 3 * MM  # how far a line may stand out of the 版心 and still be in it
FIT_PT = 2.0  # a last line may end this far below the 版心 (rounding in the PDF)


def half_width(ch: str) -> bool:
    """A character that takes half a 字 (Latin letters, digits, ASCII punctuation)."""
    return ord(ch) < 0x2000


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # points, of most characters
    colour: str  # "RRGGBB" of most characters
    fonts: tuple[str, ...] = ()

    chars: tuple[tuple[str, float], ...] = ()  # (glyph's text, x0), spaces left out

    def width_in_chars(self, right: float = float("inf")) -> float:
        """Characters as 字 (a Chinese character 1, a Latin one ½), those that start at or
        past `right` (punctuation hung out of the 版心) left out."""
        return sum(
            0.5 if half_width(ch) else 1.0
            for text, x in self.chars
            if x < right - 1
            for ch in text  # a ligature ("fi") is one glyph of two characters
        )


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    y: float
    thickness: float
    colour: str

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    uprights: list[tuple[float, float]] = field(default_factory=list)  # vertical rules' top, bottom

    @property
    def portrait(self) -> bool:
        return self.height >= self.width

    @property
    def box(self) -> Box:
        """The 版心 where GB/T 9704 puts it on this page."""
        return Box(
            spec.MARGIN_LEFT_MM * MM,
            spec.MARGIN_TOP_MM * MM,
            self.width - spec.MARGIN_RIGHT_MM * MM,
            self.height - spec.MARGIN_BOTTOM_MM * MM,
        )

    @property
    def body_lines(self) -> list[Line]:
        """Lines inside the 版心 (header and footer lines left out)."""
        box = self.box
        return [
            ln
            for ln in self.lines
            if ln.bottom <= box.bottom + EDGE_PT and ln.top >= box.top - EDGE_PT
        ]

    @property
    def text_lines(self) -> list[Line]:
        """Body lines outside tables (a line beside a vertical rule is in a table)."""
        return [
            ln
            for ln in self.body_lines
            if not any(top <= (ln.top + ln.bottom) / 2 <= bottom for top, bottom in self.uprights)
        ]

    @property
    def footer_lines(self) -> list[Line]:
        """Lines below the 版心: the page number."""
        return [ln for ln in self.lines if ln.bottom > self.box.bottom + EDGE_PT]

    def full_lines(self, size: float = spec.SIZE_3) -> list[Line]:
        """Body-size lines outside tables that run from the 版心's left edge to (within
        two 字 of) its right edge: the lines whose characters tell how many fit in a line."""
        box = self.box
        return [
            ln
            for ln in self.text_lines
            if abs(ln.size - size) < 0.5
            and abs(ln.x0 - box.left) <= size / 2
            and ln.x1 >= box.right - 2 * size
        ]

    def chars_per_line(self) -> int | None:
        """The most common number of 字 in this page's full lines of Chinese characters
        only (None: no such line). A line with digits or Latin letters is left out:
        the space word processors put between them and Chinese text, and justification,
        make its count say nothing of the grid."""
        right = self.box.right
        return mode(
            [
                round(ln.width_in_chars(right))
                for ln in self.full_lines()
                if not any(half_width(ch) for ch in ln.text if not ch.isspace())
            ]
        )

    def line_pitch(self, size: float = spec.SIZE_3) -> float | None:
        """The most common distance between the baselines of two body-size lines that
        follow each other (None: fewer than two)."""
        lines = [ln for ln in self.text_lines if abs(ln.size - size) < 0.5]
        gaps = [
            round(b.baseline - a.baseline, 1)
            for a, b in itertools.pairwise(lines)
            if size < b.baseline - a.baseline < 2.5 * size
        ]
        return mode(gaps)

    def lines_per_page(self) -> int | None:
        """How many lines at this page's line pitch fit in the 版心's height."""
        pitch = self.line_pitch()
        if pitch is None:
            return None
        return int((self.box.height + FIT_PT) // pitch)


@dataclass
class Layout:
    pages: list[Page] = field(default_factory=list)

    @property
    def last(self) -> Page | None:
        return self.pages[-1] if self.pages else None

    def chars_per_line(self) -> int | None:
        """The most common characters a line over the portrait pages (None: no full line)."""
        return mode([c for p in self.pages if p.portrait and (c := p.chars_per_line())])

    def lines_per_page(self) -> int | None:
        """The lines a page at the most common line pitch over the portrait pages."""
        return mode([n for p in self.pages if p.portrait and (n := p.lines_per_page())])


@dataclass(frozen=True)
class LayoutUnread:
    """A document that could not be laid out; `reason` is Chinese, for a finding."""

    reason: str


def mode(values: list):
    """The most common value, the smallest of equals (deterministic); None when empty."""
    if not values:
        return None
    counts = Counter(values)
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)
