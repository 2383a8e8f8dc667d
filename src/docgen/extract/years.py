"""The year a document speaks of, from its own words: its title or its first lines.

A 2023 统计公报 is filed in 2024; its figures are 2023's. So the year a figure is
compared as comes, in this order, from: the statement's own sentence (statements.py),
the document's title or lead lines (`lead_year`), the ledger row's 题名
(`title_year`), the row's 日期, the 档号 year.

A year counts only as the subject of the text ("2023年全市…", "2023年度工作总结",
"关于2023年…情况的报告"), not when it is

- a date: 2024年3月15日, 2024年一月;
- a horizon or a range: 到2026年, 至2026年, 2021—2025年, 2021年—2025年, 2024年以来;
- a comparison: 比2022年, 较2022年, 与2022年相比, 同2022年.
"""

from __future__ import annotations

import re

from .numbers import FOLD

YEAR = re.compile(r"(?<![\d〔\[［(（])((?:19|20)\d{2})\s*年(?:度)?")
BEFORE_NOT_SUBJECT = re.compile(r"(?:到|至|截至|截止|比|较|与|同|和|及|对比|[—\-－～~、])\s*$")
AFTER_NOT_SUBJECT = re.compile(
    r"\s*(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|以来|以前|之前|前|起|开始|至|到|[—\-－～~、]|"
    r"相比|同期|比较|末|底|的(?:基础|水平)|和|及|与)"
)
SENTENCE_MARK = re.compile(r"[，,。；;！？!?|]")
LEAD_LINES = 8  # the 版头, 文号, a title of two lines, the issuer, the date
TITLE_MAX = 60  # longer lines are body text


def subject_years(text: str) -> list[int]:
    """The years `text` names as its subject, in order (dates, horizons, ranges and
    comparisons left out)."""
    folded = text.translate(FOLD)
    out = []
    for m in YEAR.finditer(folded):
        if BEFORE_NOT_SUBJECT.search(folded[max(0, m.start() - 4) : m.start()]):
            continue
        if AFTER_NOT_SUBJECT.match(folded, m.end()):
            continue
        out.append(int(m.group(1)))
    return out


def title_year(title: str | None) -> int | None:
    """The year a 题名 speaks of: 《江临市2023年国民经济和社会发展统计公报》 → 2023;
    None when it names none (or only dates, horizons, ranges)."""
    if not title:
        return None
    found = subject_years(title)
    return found[0] if found else None


def lead_year(text: str) -> int | None:
    """The year the document's title or lead speaks of: among its first few lines, the
    first title-like line (no sentence punctuation, not long, no table bar) that names
    a subject year. The body's first sentence ("2023年，全市…。") ends the search."""
    seen = 0
    for line in text.translate(FOLD).split("\n"):
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > LEAD_LINES or "。" in line:
            return None
        if len(line) > TITLE_MAX or SENTENCE_MARK.search(line):
            continue
        found = subject_years(line)
        if found:
            return found[0]
    return None
