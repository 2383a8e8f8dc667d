"""Titles broken between words into 梯形/菱形 lines, the 标志 narrowed to the 版心, and
the word cut both the templates and format.title-break use (no LibreOffice needed)."""

from __future__ import annotations

import pytest

from docgen.cn.words import word_spans, words
from docgen.gbt9704 import spec
from docgen.templating.typeset import BREAK, char_width, fit_scale, split_title, title_lines

PER_LINE = spec.TITLE_CHARS_PER_LINE
TITLES = [
    "关于申请省级病媒生物防制专项经费补助的请示",
    "关于进一步做好创建国家卫生城市档案资料整理归档和问题整改销号工作的通知",
    "江临市爱国卫生运动委员会关于申报国家卫生城市的请示",
    "关于开展2026年冬春季爱国卫生运动暨城乡环境卫生综合整治集中行动的通知",
]


def _cuts(text: str) -> set[int]:
    ends, at = {0}, 0
    for word in words(text):
        at += len(word)
        ends.add(at)
    return ends


def test_a_short_title_stays_on_one_line():
    assert split_title("关于开展爱国卫生月活动的通知", PER_LINE) == ["关于开展爱国卫生月活动的通知"]


@pytest.mark.parametrize("title", TITLES)
def test_a_long_title_breaks_between_words_into_a_shape(title):
    lines = split_title(title, PER_LINE)
    assert len(lines) >= 2 and "".join(lines) == title
    assert all(char_width(line) <= PER_LINE for line in lines)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert at in _cuts(title), lines  # never inside a word
    widths = [char_width(line) for line in lines]
    assert len(set(widths)) > 1  # 梯形 or 菱形, not a block of equal lines
    peak = widths.index(max(widths))
    assert widths[: peak + 1] == sorted(widths[: peak + 1])
    assert widths[peak:] == sorted(widths[peak:], reverse=True)


def test_the_same_title_is_cut_the_same_way_every_time():
    assert {tuple(split_title(TITLES[1], PER_LINE)) for _ in range(5)} == {
        tuple(split_title(TITLES[1], PER_LINE))
    }


def test_title_lines_joins_with_a_line_break_and_escapes():
    text = title_lines("关于申请省级病媒生物防制专项经费补助的请示<&>", PER_LINE)
    assert BREAK in text and "&lt;&amp;&gt;" in text


def test_a_title_longer_than_four_lines_is_left_whole():
    title = "关于" + "创建国家卫生城市" * 12 + "的通知"
    assert split_title(title, PER_LINE) == [title]


def test_fit_scale_narrows_only_what_does_not_fit():
    assert fit_scale("江临市人民政府文件", spec.MARK_WIDTH_PT, spec.MARK_SIZE) == 100
    long = "江临市爱国卫生运动委员会办公室文件"
    scale = fit_scale(long, spec.MARK_WIDTH_PT, spec.MARK_SIZE)
    assert scale < 100
    assert char_width(long) * spec.MARK_SIZE * scale / 100 <= spec.MARK_WIDTH_PT


def test_word_spans_mark_the_words_of_two_characters_or_more():
    assert word_spans("关于开展归档工作的通知") == [(0, 2), (2, 4), (4, 6), (6, 8), (9, 11)]
