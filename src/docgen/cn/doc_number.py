"""The 发文字号 (文号): 机关代字〔年份〕序号号, e.g. 示创卫办〔2025〕12号.

One formatter, and the patterns docgen reads a 文号 with. There are two readings on
purpose: a ledger cell is typed by hand (spaces, any prefix, lookalike brackets, a 第),
while a 发文字号 line in a typeset document has a Han 机关代字 and nothing around it, but
may carry full-width digits or a two-digit year. Both catch the wrong brackets so that
the rule can name them.
"""

from __future__ import annotations

import re

# ---- a ledger's 文号 cell (parse.doc_number_problems); full-width digits folded first
LEDGER_OPEN = r"〔\[【（(［〈<{｛〖"
LEDGER_CLOSE = r"〕\]】）)］〉>}｝〗"
IN_LEDGER = re.compile(
    rf"(?P<prefix>.+?)(?P<open>[{LEDGER_OPEN}])\s*(?P<year>\d{{4}})\s*(?P<close>[{LEDGER_CLOSE}])"
    r"\s*(?P<di>第)?\s*(?P<seq>\d+)\s*号"
)
# a year in brackets other than 〔〕, somewhere in a cell that is no 文号 as a whole
YEAR_IN_WRONG_BRACKETS = re.compile(
    rf"(?P<open>[{LEDGER_OPEN[1:]}])\s*\d{{4}}\s*(?P<close>[{LEDGER_CLOSE[1:]}])"
)

# ---- a 发文字号 line of a document (lint), white space squeezed out first
LINE_OPEN = "〔[［【(（{<《〈﹝"
LINE_CLOSE = "〕]］】)）}>》〉﹞"
ON_A_LINE = re.compile(
    rf"^(?P<code>[\u4e00-\u9fff]{{1,20}}?)(?P<open>[{re.escape(LINE_OPEN)}])"
    rf"(?P<year>[0-9０-９]{{2,4}})(?P<close>[{re.escape(LINE_CLOSE)}])"
    r"(?P<di>第?)(?P<seq>[0-9０-９]+)号$"
)


def format_doc_number(code: str, year: int | str, seq: int | str) -> str:
    """机关代字〔年份〕序号号 from its parts, as given: callers strip 虚位 and check them."""
    return f"{code}〔{year}〕{seq}号"
