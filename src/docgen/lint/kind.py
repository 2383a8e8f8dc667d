"""What kind of 公文 a document is, read from its title and 版头.

`kind_of(doc)` → one of KINDS' ids: "downward" (下行文: 通知, 通报, 决定, 批复 …),
"upward" (上行文: 请示, 报告), "minutes" (纪要), "briefing" (简报, 专报, 信息, 动态),
"letter" (函), "unknown". `doc` is a lint Doc (docgen.lint.base.Doc: the view and its
title zone); `kind_of_text(title, header_lines)` does the same from plain text.
The format checks use it for what a kind requires (format.signer, format.kind-elements);
so may the laid-out-page checks.
"""

from __future__ import annotations

import re

from . import text as tx
from .base import Doc

KINDS = {
    "downward": "下行文",
    "upward": "上行文",
    "minutes": "纪要",
    "briefing": "简报",
    "letter": "函",
    "unknown": "未识别文种",
}
# the end of a title names its 文种 (《党政机关公文处理工作条例》第八条), most specific first
_BY_TITLE = (
    ("minutes", ("纪要",)),
    ("briefing", ("简报", "专报", "快报", "信息", "动态")),
    ("letter", ("函",)),
    ("upward", ("请示", "报告")),
    ("downward", ("通知", "通报", "决定", "意见", "批复", "通告", "公告", "决议", "命令", "令")),
)
_TRAILER = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]$")  # "……的通知（试行）", "（征求意见稿）"


def kind_of(doc: Doc) -> str:
    """The kind id of a lint Doc (see the module's doc)."""
    title = "".join(p.text for p in doc.title)
    header = [p.text for p in doc.view.paragraphs[: _title_start(doc)]]
    return kind_of_text(title, header)


def kind_of_text(title: str, header_lines: list[str] = ()) -> str:
    """The kind id from a title and the 版头 lines above it. A 纪要 or 简报 masthead
    ("××会议纪要", "工作简报") decides first: the articles of a 简报 have titles of their
    own, which may well end in 通知 or 报告."""
    for line in header_lines:
        found = _by_ending(line)
        if found in ("minutes", "briefing"):
            return found
    found = _by_ending(title)
    if found:
        return found
    if any("签发人" in tx.no_spaces(line) for line in header_lines):
        return "upward"
    return "unknown"


def kind_name(kind: str) -> str:
    return KINDS.get(kind, KINDS["unknown"])


def title_word(title: str) -> str:
    """The 文种 word a title ends with ("请示"), or ""."""
    t = _clean(title)
    return next((w for _, words in _BY_TITLE for w in words if t.endswith(w)), "")


def _clean(title: str) -> str:
    t = tx.no_spaces(title).rstrip("。.")
    return _TRAILER.sub("", t) if len(t) > 4 else t


def _by_ending(text: str) -> str | None:
    t = _clean(text)
    return next((kind for kind, words in _BY_TITLE if t.endswith(words)), None) if t else None


def _title_start(doc: Doc) -> int:
    return doc.title[0].number - 1 if doc.title else min(len(doc.view.paragraphs), 12)
