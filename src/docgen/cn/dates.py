"""The written form of a date in a 公文 (GB/T 9704-2012 7.3.5.3): 2026年11月23日."""

from __future__ import annotations

import datetime as dt


def chinese_date(d: dt.date) -> str:
    """2026年1月5日: Arabic numerals, no leading zeros (no 虚位)."""
    return f"{d.year}年{d.month}月{d.day}日"
