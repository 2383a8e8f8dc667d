"""The built-in templates as laid out: rendered on the demo's data and on long data
(long title, long body, 30 抄送 units), converted in one LibreOffice run, read back
from the PDF (docgen.layout) and checked against GB/T 9704: 28 characters a line,
22 lines a page, the red 版头, 签发人 on 上行文, page numbers, no page holding only the
signature, titles broken between words."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml

from docgen.cn.words import words
from docgen.layout import MM, Line, Page, read_pdf
from docgen.lint import lint_files
from docgen.render import render
from docgen.render.pdf import to_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="未安装 LibreOffice（libreoffice-writer），跳过版面测试",
)
DOCS = ["notice", "meeting-notice", "circular", "briefing", "work-report"]
DOCS += ["request", "report", "minutes"]
DOWN = {"notice", "meeting-notice", "circular"}
UP = {"request", "report"}
LONG_TITLE = "关于进一步做好创建国家卫生城市档案资料整理归档和问题整改销号工作的通知"
LONG_PARA = (
    "各责任单位要对照创建国家卫生城市标准和建档指引，逐项梳理本单位承担的工作任务，"
    "明确分管领导和具体经办人员，按月报送工作进展情况和佐证资料，确保数据准确、资料完整。"
)


def _long(data: dict) -> dict:
    data = dict(data)
    data["title"] = LONG_TITLE
    data["cc"] = [f"江临市第{n}成员单位" for n in range(1, 31)]
    for key in ("paragraphs", "overview", "plans", "requirements"):
        if key in data:
            data[key] = [LONG_PARA] * 12
    if "sections" in data:
        data["sections"] = [{"heading": "工作要求", "paragraphs": [LONG_PARA] * 6}] * 3
    return data


@pytest.fixture(scope="module")
def rendered(module_demo, tmp_path_factory) -> dict[str, Path]:
    """id → .docx, for every document on the demo data and (id-long) on long data."""
    folder = tmp_path_factory.mktemp("layout")
    files = {}
    for tid in DOCS:
        sample = yaml.safe_load((module_demo / "render" / f"{tid}.yaml").read_text("utf-8"))
        for name, data in ((tid, sample), (f"{tid}-long", _long(sample))):
            data_file = folder / f"{name}.yaml"
            data_file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
            out = folder / f"{name}.docx"
            files[name] = render(tid, module_demo, data_file=data_file, output=out)[0]
    files["application"] = _application(module_demo, folder)
    return files


@pytest.fixture(scope="module")
def laid_out(rendered) -> dict[str, list[Page]]:
    """id → its pages as LibreOffice lays them out (one run for all)."""
    pdfs = to_pdf(list(rendered.values()), force=True)
    return {name: read_pdf(pdf).pages for name, pdf in zip(rendered, pdfs, strict=True)}


def test_docgen_lint_finds_nothing_on_any_of_them(rendered):
    """The templates and the lint agree: every rendered document, laid out, passes."""
    findings = lint_files(list(rendered.values()))
    assert [(Path(f.file).name, f.rule, f.message) for f in findings] == []


def _red(colour: str) -> bool:
    return colour.upper() == "FF0000"


def _rule_top(r) -> float:
    return r.y - r.thickness / 2


def _rule_bottom(r) -> float:
    return r.y + r.thickness / 2


def _application(demo: Path, folder: Path) -> Path:
    """The dossier's 请示 on the dossier's data (its shared fields and its own)."""
    data = yaml.safe_load((demo / "dossier" / "data.yaml").read_text("utf-8"))
    own = data.pop("application", {})
    data = {k: v for k, v in data.items() if not isinstance(v, dict) or k == "contact"}
    data.update(own, signer="陈立新")
    data_file = folder / "application.yaml"
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return render("application", demo, data_file=data_file, output=folder / "application.docx")[0]


ALL = [*DOCS, *(f"{t}-long" for t in DOCS), "application"]


def _full_lines(pages):
    """3号 lines of full-width characters only that run from edge to edge."""
    for page in pages:
        box = page.box
        for line in page.body_lines:
            cjk = all(ord(text[0]) > 0x2E80 for text, _ in line.chars)
            edge = abs(line.x0 - box.left) < 2 and line.x1 > box.right - 3
            if cjk and edge and abs(line.size - 16) < 0.5:
                yield line


@pytest.mark.parametrize("name", ALL)
def test_full_lines_hold_28_characters(laid_out, name):
    counts = {len(line.chars) for line in _full_lines(laid_out[name])}
    assert counts <= {28}, counts


@pytest.mark.parametrize("name", [f"{t}-long" for t in ("notice", "report", "request")])
def test_a_full_page_holds_22_lines(laid_out, name):
    pages = laid_out[name]
    middle = pages[1:-1]
    assert middle, "long data should give at least three pages"
    counts = []
    for page in middle:  # a page may end early to keep the last lines with the signature
        lines = [ln for ln in page.body_lines if abs(ln.size - 16) < 0.5]
        counts.append(len(lines))
        pitches = {round(b.top - a.top, 1) for a, b in itertools.pairwise(lines)}
        assert all(abs(p / 28.95 - round(p / 28.95)) < 0.01 for p in pitches), pitches
    # widow control may move one line on; the notice's sections fill whole pages
    assert max(counts) <= 22 and max(counts) >= (22 if name == "notice-long" else 21), counts


def _mark(page: Page) -> Line:
    return next(ln for ln in page.body_lines if _red(ln.colour) and ln.size > 30)


HEADED = [n for n in ALL if n.split("-long")[0] in DOWN | UP | {"minutes", "application"}]


@pytest.mark.parametrize("name", HEADED)
def test_masthead_red_mark_35mm_and_red_rule_of_the_text_width(laid_out, name):
    first = laid_out[name][0]
    mark = _mark(first)
    box = first.box
    assert abs((mark.top - box.top) / MM - 35) < 1, (mark.top - box.top) / MM
    assert box.left - 1 < mark.x0 and mark.x1 < box.right + 1
    red = [r for r in first.rules if _red(r.colour)]
    assert red and abs(red[0].width / MM - 156) < 0.5
    above = [ln for ln in first.body_lines if ln.bottom < _rule_top(red[0])]
    assert abs((_rule_top(red[0]) - above[-1].bottom) / MM - 4) < 0.6  # 4 mm under the 发文字号


@pytest.mark.parametrize("name", ["request", "report", "request-long", "application"])
def test_upward_documents_carry_the_signer_on_the_number_line(laid_out, name):
    first = laid_out[name][0]
    line = next(ln for ln in first.body_lines if "签发人：" in ln.text)
    assert "〔2026〕" in line.text
    box = first.box
    assert abs(line.x0 - box.left - 16) < 2 and abs(box.right - 16 - line.x1) < 2


@pytest.mark.parametrize("name", ALL)
def test_every_page_is_numbered_odd_right_even_left(laid_out, name):
    for page in laid_out[name]:
        (number,) = page.footer_lines
        assert re.fullmatch(rf"—\s*{page.number}\s*—", number.text), number.text
        if page.number % 2:
            assert abs(page.box.right - 14 - number.x1) < 2
        else:
            assert abs(number.x0 - page.box.left - 14) < 2


@pytest.mark.parametrize("name", ALL)
def test_no_page_holds_only_the_signature(laid_out, name):
    for page in laid_out[name][1:]:
        texts = [ln.text for ln in page.body_lines if abs(ln.size - 16) < 0.5]
        date = [t for t in texts if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t)]
        if date:
            assert len(texts) > 2, (page.number, texts)


@pytest.mark.parametrize("name", ALL)
def test_title_lines_break_between_words(laid_out, name):
    first = laid_out[name][0]
    title = [ln.text for ln in first.body_lines if abs(ln.size - 22) < 0.5 and not _red(ln.colour)]
    if len(title) < 2:
        return
    cuts, at = set(), 0
    for word in words("".join(title)):
        at += len(word)
        cuts.add(at)
    at = 0
    for line in title[:-1]:
        at += len(line)
        assert at in cuts, title


WITH_COLOPHON = [n for n in ALL if n.split("-long")[0] not in {"work-report"}]


@pytest.mark.parametrize("name", WITH_COLOPHON)
def test_colophon_sits_at_the_foot_of_the_last_page(laid_out, name):
    """The 版记's last rule on the 版心's lower edge of the last page, the 印发 line
    just above it, and nothing of the body below the 版记's first rule."""
    last = laid_out[name][-1]
    printed = next(ln for ln in last.body_lines if ln.text.endswith("印发"))
    rules = [r for r in last.rules if not _red(r.colour) and r.y > printed.top - 200]
    gap = last.box.bottom - _rule_bottom(rules[-1])
    assert abs(gap) < 3 * MM, gap / MM
    assert printed.bottom < rules[-1].y and _rule_top(rules[-1]) - printed.bottom < 10 * MM
    first_rule = min(_rule_top(r) for r in rules)
    below = [ln.text for ln in last.body_lines if ln.top > first_rule and ln.size > 15]
    assert below == [], below
    assert not any("印发" in ln.text for page in laid_out[name][:-1] for ln in page.body_lines)
