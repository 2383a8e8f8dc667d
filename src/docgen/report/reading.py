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


SHORT_HOW = {"ocr": "OCR识别", "libreoffice": "LibreOffice转换", "ofd": "OFD文件"}
SHORT_WHY = {
    "no-ocr": "未装OCR",
    "no-libreoffice": "未装LibreOffice",
    "unreadable": "无法读取",
    "timeout": "超时",
    "too-big": "过大",
    "not-text": "照片等",
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
    """One short sentence for the 督查通报 (its intro), in 件 as a 公文 counts documents:
    files read (and how, beyond a text layer) and files not read, with why. Short on
    purpose: the 通报's layout must keep its 署名 on a page with text."""
    found = counts(result)
    if found is None:
        return None
    read = sum(found.get(how, 0) for how, _ in HOW)
    ways = [f"{SHORT_HOW[how]}{found[how]}件" for how in SHORT_HOW if found.get(how)]
    text = f"读取归档文件{read}件" + (f"（其中{'、'.join(ways)}）" if ways else "")
    why = found.get("unread_reasons") or {}
    if found.get("unread"):
        listed = "、".join(f"{SHORT_WHY.get(k, k)}{n}件" for k, n in why.items() if n)
        text += f"，未读取{found['unread']}件（{listed}）"
    return text + "。"


def _reasons(found: dict[str, Any], measure: str) -> str:
    why = found.get("unread_reasons") or {}
    gap = " " if measure == "个" else ""  # a 公文 writes 12件, a table 12 个
    return "、".join(f"{WHY.get(k, k)}{gap}{n}{gap}{measure}" for k, n in why.items() if n)
