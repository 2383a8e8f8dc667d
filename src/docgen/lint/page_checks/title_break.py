"""format.title-break: a title of several lines broken inside a word (GB/T 9704 §7.3.1:
回行时要做到词意完整). Word boundaries come from jieba; a break next to a character
that is no part of a word (punctuation, a digit) is never inside one."""

from __future__ import annotations

import itertools

from ...cn.words import word_spans
from ...findings import Finding
from ...layout import Layout, Line
from .. import text as tx
from ..base import Doc
from .common import check, finding


@check("format.title-break")
def check_title_break(doc: Doc, layout: Layout) -> list[Finding]:
    title = tx.no_spaces("".join(p.text for p in doc.title))
    if "{" in title:  # a template's tags: the words come when it is rendered
        return []
    lines = _title_lines(layout, title)
    if len(lines) < 2:
        return []
    out = []
    spans = word_spans(title)
    at = 0
    for a, b in itertools.pairwise(lines):
        at += len(tx.no_spaces(a.text))
        word = next((title[s:e] for s, e in spans if s < at < e), None)
        if word is not None:
            shown = f"{tx.no_spaces(a.text)[-3:]} / {tx.no_spaces(b.text)[:3]}"
            out.append(finding(doc, "format.title-break", "", 1, value=shown, word=word))
    return out


def _title_lines(layout: Layout, title: str) -> list[Line]:
    """The lines of page 1 that, one after another, spell the title."""
    if not title or not layout.pages:
        return []
    lines = layout.pages[0].body_lines
    for i, ln in enumerate(lines):
        t = tx.no_spaces(ln.text)
        if not t or not title.startswith(t):
            continue
        found, text = [ln], t
        for nxt in lines[i + 1 :]:
            n = tx.no_spaces(nxt.text)
            if not title.startswith(text + n):
                break
            found.append(nxt)
            text += n
        if text == title:
            return found
    return []
