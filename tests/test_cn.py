"""The one 成文日期 formatter and the one 发文字号 formatter and patterns (docgen.cn)."""

import datetime as dt

from docgen.cn.dates import chinese_date
from docgen.cn.doc_number import IN_LEDGER, ON_A_LINE, YEAR_IN_WRONG_BRACKETS, format_doc_number


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert chinese_date(dt.date(2026, 11, 23)) == "2026年11月23日"


def test_doc_number_round_trip():
    text = format_doc_number("示创卫办", 2025, 12)
    assert text == "示创卫办〔2025〕12号"
    for pattern in (IN_LEDGER, ON_A_LINE):
        m = pattern.fullmatch(text)
        assert m is not None
        assert (m["open"], m["year"], m["close"], m["seq"]) == ("〔", "2025", "〕", "12")
        code = m["prefix"] if pattern is IN_LEDGER else m["code"]
        assert format_doc_number(code, m["year"], int(m["seq"])) == text


def test_the_two_readings_differ_where_they_should():
    assert IN_LEDGER.fullmatch("示创卫办 〔 2025 〕 第 12 号")  # typed by hand
    assert ON_A_LINE.fullmatch("示创卫办〔２５〕12号")  # full-width, two-digit year
    assert not ON_A_LINE.fullmatch("ABC〔2025〕12号")  # a 机关代字 is Han
    assert YEAR_IN_WRONG_BRACKETS.search("示创卫办【2025】")["open"] == "【"
