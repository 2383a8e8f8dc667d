"""Filters that set text the way GB/T 9704 lays it out, where the length is only known
when the template is rendered: a multi-line title broken between words into a 梯形 or
菱形 (`title_lines`), and the 发文机关标志 narrowed to the 版心's width (`fit_scale`)."""

from __future__ import annotations

import itertools
import math
from typing import Any

from markupsafe import Markup, escape

from ..cn.words import words

BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')  # inside the title's run
MAX_LINES = 4


def char_width(text: str) -> float:
    """Printed width in 字: CJK one, ASCII half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def fit_scale(text: Any, width_pt: float, size_pt: float) -> int:
    """w:w (character width %, 1–100) that makes `text` at `size_pt` fit `width_pt`."""
    wide = char_width(str(text)) * size_pt
    if wide <= width_pt:
        return 100
    return max(1, math.floor(width_pt / wide * 100))


def split_title(text: str, per_line: int) -> list[str]:
    """The title in lines of at most `per_line` 字, broken between words, shaped 梯形
    (lines growing or shrinking) or 菱形 (longest in the middle), as even as can be."""
    text = str(text).strip()
    if char_width(text) <= per_line:
        return [text]
    tokens = words(text)
    lines_needed = math.ceil(char_width(text) / per_line)
    for count in range(lines_needed, MAX_LINES + 1):
        best = _best_cut(tokens, count, per_line)
        if best is not None:
            return best
    return [text]  # a word longer than a line: leave it to the word processor


def _best_cut(tokens: list[str], count: int, per_line: int) -> list[str] | None:
    best, best_score = None, None
    for cuts in itertools.combinations(range(1, len(tokens)), count - 1):
        bounds = (0, *cuts, len(tokens))
        lines = ["".join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
        widths = [char_width(line) for line in lines]
        if max(widths) > per_line or not _shaped(widths):
            continue
        score = (_spread(widths), widths)
        if best_score is None or score < best_score:
            best, best_score = lines, score
    return best


def _shaped(widths: list[float]) -> bool:
    """梯形 (monotone) or 菱形 (up then down); never lines of one length."""
    if len(set(widths)) == 1:
        return False
    peak = widths.index(max(widths))
    rising = all(a <= b for a, b in itertools.pairwise(widths[: peak + 1]))
    falling = all(a >= b for a, b in itertools.pairwise(widths[peak:]))
    return rising and falling


def _spread(widths: list[float]) -> float:
    mean = sum(widths) / len(widths)
    return sum((w - mean) ** 2 for w in widths)


def title_lines(text: Any, per_line: int = 20) -> Markup:
    """The title with a line break (w:br) between its lines (see split_title)."""
    return BREAK.join(escape(line) for line in split_title(str(text), per_line))
