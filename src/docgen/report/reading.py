"""How the filed files were read (AuditResult.stats["reading"], audit.reading_counts),
in the words every report uses: the JSON's summary.reading, a line for the table,
HTML and xlsx, and a sentence of plain 公文 prose for the 督查通报."""

from __future__ import annotations

from typing import Any

HOW = (
    ("text", "从文字层读取"),
    ("ocr", "经 OCR 识别扫描件"),
    ("libreoffice", "经 LibreOffice 转换"),
    ("ofd", "读取 OFD"),
)
WHY = {
    "no-ocr": "未安装或已关闭 OCR",
    "no-libreoffice": "未安装 LibreOffice",
    "unreadable": "无法读取",
    "timeout": "读取超时",
    "too-big": "文件过大",
    "not-text": "照片等非文字文件",
}


def counts(result: Any) -> dict[str, Any] | None:
    """summary.reading: files read each way, unread, and unread by reason; None when
    no file was read (the audit ran no rule that reads them)."""
    found = (result.stats or {}).get("reading")
    return dict(found) if found else None


def line(result: Any) -> str | None:
    """ "从文字层读取 12 个，经 OCR 识别扫描件 3 个；未读取 2 个（无法读取 1 个、…）" """
    found = counts(result)
    if found is None:
        return None
    read = [f"{words} {found.get(how, 0)} 个" for how, words in HOW if found.get(how)]
    text = "，".join(read) or "没有读取任何文件"
    unread = found.get("unread", 0)
    if unread:
        text += f"；未读取 {unread} 个（{_reasons(found, '个')}）"
    return text


def sentence(result: Any) -> str | None:
    """One sentence for the 督查通报, in 件 as a 公文 counts documents."""
    found = counts(result)
    if found is None:
        return None
    total = sum(found.get(how, 0) for how, _ in HOW) + found.get("unread", 0)
    read = [f"{words}{found.get(how, 0)}件" for how, words in HOW if found.get(how)]
    text = f"本次审核涉及归档文件{total}件"
    if read:
        text += "，其中" + "、".join(read)
    unread = found.get("unread", 0)
    if unread:
        text += f"；未读取内容{unread}件（{_reasons(found, '件')}），其中的数据未经核对"
    return text + "。"


def _reasons(found: dict[str, Any], measure: str) -> str:
    why = found.get("unread_reasons") or {}
    gap = " " if measure == "个" else ""  # a 公文 writes 12件, a table 12 个
    return "、".join(f"{WHY.get(k, k)}{gap}{n}{gap}{measure}" for k, n in why.items() if n)
