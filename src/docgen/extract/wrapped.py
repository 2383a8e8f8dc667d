"""Names a PDF wrapped, read whole: "建成区绿化覆\n盖率为40.85%", a page number
between the halves, "细颗粒物（PM 2.5）" with a stray blank, a table cell wrapped below
its row ("生活垃圾无害化 100 %\n处理率"). A break is closed only where a catalogue name
runs across it, and never between two table rows (both lines with cells apart).

`rejoin(folded, matcher)` gives a `Joined`: the text's pieces in their new order, which
maps a position of the joined text back to the original (RawStatement.offset).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .statements import AliasMatcher

ROW = re.compile(r"\||\S[ \t]+\S")  # a table row: cells apart
PAGE_NUMBER = re.compile(
    r"[\s—\-－―]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d+|\s*共\s*\d+\s*页)?[\s—\-－―]*"
)
CELL = re.compile(r"[^\s|]+")
CELL_REST = 8  # the most of a wrapped name a line below its row may hold


class Joined:
    """The text with some breaks closed and some pieces moved: a list of (start, end)
    slices of the original, in their new order."""

    def __init__(self, pieces: list[tuple[int, int]]) -> None:
        self.pieces = [(a, b) for a, b in pieces if b > a]
        self.starts: list[int] = []
        at = 0
        for a, b in self.pieces:
            self.starts.append(at)
            at += b - a

    def text(self, source: str) -> str:
        return "".join(source[a:b] for a, b in self.pieces)

    def origin(self, pos: int) -> int:
        """Where position `pos` of the joined text was in the original."""
        k = bisect_right(self.starts, pos) - 1
        if k < 0:
            return pos
        return self.pieces[k][0] + pos - self.starts[k]


def rejoin(folded: str, matcher: AliasMatcher) -> Joined:
    """Close the breaks a name runs across. Per line: a blank inside a name is
    dropped; a line ending in the first part of a name runs on into the next (past a
    page-number line) when the two make the name and are not both table rows; a line
    holding only the rest of a name its row above began in a cell ("生活垃圾无害化
    100 %" / "处理率") gives it back to that cell."""
    lines: list[list[tuple[int, int]]] = []
    at = 0
    for part in folded.split("\n"):
        lines.append([(at, at + len(part))])
        at += len(part) + 1
    out: list[list[tuple[int, int]]] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        k += 1
        while k < len(lines):
            nxt = k
            if PAGE_NUMBER.fullmatch(_text(folded, lines[nxt])) and nxt + 1 < len(lines):
                nxt += 1
            joined = _run_on(folded, line, lines[nxt], matcher)
            if joined is None:
                joined = _cell_rest(folded, line, lines[nxt], matcher)
            if joined is None:
                break
            line, k = joined, nxt + 1
        out.append(_close_blanks(folded, line, matcher))
    pieces: list[tuple[int, int]] = []
    for n, line in enumerate(out):
        pieces.extend(line)
        if n < len(out) - 1:
            end = line[-1][1] if line else 0
            pieces.append((end, end + 1) if folded[end : end + 1] == "\n" else _newline(folded))
    return Joined(_merge(pieces))


def _newline(folded: str) -> tuple[int, int]:
    """A line break of the original to stand between two lines whose own break moved."""
    at = folded.find("\n")
    return (at, at + 1)


def _merge(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        elif b > a:
            out.append((a, b))
    return out


def _text(folded: str, line: list[tuple[int, int]]) -> str:
    return "".join(folded[a:b] for a, b in line)


def _trim(folded: str, line: list[tuple[int, int]], left: bool) -> list[tuple[int, int]]:
    """The line without blanks at its start (left) or end."""
    line = list(line)
    while line:
        a, b = line[0] if left else line[-1]
        piece = folded[a:b]
        kept = piece.lstrip(" \t") if left else piece.rstrip(" \t")
        if kept:
            cut = (b - len(kept), b) if left else (a, a + len(kept))
            line[0 if left else -1] = cut
            return line
        line.pop(0 if left else -1)
    return line


def _crosses(matcher: AliasMatcher, before: str, after: str) -> bool:
    """A name starts in `before` and ends in `after`, read as one."""
    if not before or not after or (before[-1] + after[0]) not in matcher.pairs:
        return False
    tail, head = before[-matcher.longest :], after[: matcher.longest]
    window = tail + head
    for k in range(1, len(tail) + 1):  # the name's first part: the tail's last k characters
        part = tail[-k:]
        if part not in matcher.parts:
            break  # no longer part of any name can start further back
        if part in matcher.prefixes:
            m = matcher.regex.match(window, len(tail) - k)
            if m is not None and m.end() > len(tail):
                return True
    return False


def _run_on(folded: str, line, nxt, matcher: AliasMatcher):
    before, after = _trim(folded, line, left=False), _trim(folded, nxt, left=True)
    a, b = _text(folded, before), _text(folded, after)
    if ROW.search(a) and ROW.search(b):
        return None  # two table rows: a name never runs from one into the next
    return before + after if _crosses(matcher, a, b) else None


def _cell_rest(folded: str, line, nxt, matcher: AliasMatcher):
    rest = _trim(folded, _trim(folded, nxt, left=True), left=False)
    r = _text(folded, rest)
    if not r or len(r) > CELL_REST or r not in matcher.suffixes or ROW.search(r):
        return None
    a = _text(folded, line)
    for cell in CELL.finditer(a):
        if cell.end() >= len(a.rstrip()) or not a[cell.end()].isspace():
            continue
        frag = cell.group()
        if any(matcher.regex.fullmatch(frag[p:] + r) for p in range(len(frag))):
            return _cut(line, cell.end()) + rest + _cut(line, cell.end(), after=True)
    return None


def _cut(line: list[tuple[int, int]], at: int, after: bool = False) -> list[tuple[int, int]]:
    """The pieces of `line` before (or from) its character `at`."""
    out, seen = [], 0
    for a, b in line:
        lo, hi = seen, seen + b - a
        if after and hi > at:
            out.append((a + max(0, at - lo), b))
        elif not after and lo < at:
            out.append((a, a + min(b - a, at - lo)))
        seen = hi
    return out


BLANKS = re.compile(r"[ \t]+")


def _close_blanks(folded: str, line, matcher: AliasMatcher):
    """Drop a blank that stands inside a name ("细颗粒物（PM 2.5）年均浓度")."""
    text = _text(folded, line)
    drop = [
        (m.start(), m.end())
        for m in BLANKS.finditer(text)
        if 0 < m.start()
        and m.end() < len(text)
        and _crosses(
            matcher,
            text[max(0, m.start() - matcher.longest) : m.start()],
            text[m.end() : m.end() + matcher.longest],
        )
    ]
    if not drop:
        return line
    out, last = [], 0
    for a, b in drop:
        out.extend(_cut(_cut(line, last, after=True), a - last))
        last = b
    out.extend(_cut(line, last, after=True))
    return out
