"""The 公文 form's 正文各部分 as a clerk types it (a heading line opening with 一、, its
paragraphs below), read into the parts the templates take, and shown back the same way;
a form refused marks each field at fault."""

from __future__ import annotations

import pytest

from docgen.web.fields import Field, FormError, parse_sections, sections_text, to_data

SECTIONS = Field("sections", "正文各部分", "sections", True)
TITLE = Field("title", "标题", "text", True)


def test_headed_lines_become_parts_and_the_clerks_numbers_are_dropped():
    text = "一、工作时间\n2026年12月1日至2027年2月28日。\n\n二．工作要求\n按时报送。\n明查暗访。\n"
    assert parse_sections(text) == [
        {"heading": "工作时间", "paragraphs": ["2026年12月1日至2027年2月28日。"]},
        {"heading": "工作要求", "paragraphs": ["按时报送。", "明查暗访。"]},
    ]


def test_a_paragraph_before_any_heading_is_refused_with_its_line():
    with pytest.raises(ValueError, match="第 1 行前面还没有小标题"):
        parse_sections("各单位要高度重视。\n一、工作时间")


def test_a_number_with_no_heading_is_refused():
    with pytest.raises(ValueError, match="第 2 行只有编号"):
        parse_sections("一、工作时间\n二、\n")


def test_the_parts_are_shown_back_as_they_are_typed():
    parts = [
        {"heading": "工作时间", "paragraphs": ["一月。"]},
        {"heading": "要求", "paragraphs": []},
    ]
    assert sections_text(parts) == "一、工作时间\n一月。\n二、要求"
    assert parse_sections(sections_text(parts)) == parts


def test_yaml_parts_pasted_from_a_render_file_still_read():
    text = "- heading: 工作时间\n  paragraphs:\n    - 一月。"
    assert parse_sections(text) == [{"heading": "工作时间", "paragraphs": ["一月。"]}]


def test_a_refused_form_names_each_field_at_fault():
    with pytest.raises(FormError) as refused:
        to_data([TITLE, SECTIONS], {"title": "", "sections": "没有标题的一段"})
    assert set(refused.value.fields) == {"title", "sections"}
    assert "标题" in refused.value.message and "正文各部分" in refused.value.message
    assert "小标题" in refused.value.fields["sections"]
