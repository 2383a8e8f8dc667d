"""`docgen render`: the built-in templates on the demo project (with its sample --data
in DIR/render/), the sandbox, missing fields, --each unit, project templates,
reproducible output and the Chinese filters."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from docgen import gbt9704 as g
from docgen.demo import build_demo
from docgen.errors import InputError
from docgen.render import leftover_tags, list_templates, render
from docgen.templating.filters import cn_date, cn_number1, cn_number2, doc_no, percent, wan_yuan

BUILTINS = ["notice", "meeting-notice", "circular", "assignment", "briefing", "work-report"]
OPEN_UNITS = {
    "江临市城市管理局",
    "江临市住房和城乡建设局",
    "江临市文化广电旅游体育局",
    "中共江临市委宣传部",
}
# units with no open problem but an open audit finding (a filed document of theirs) get a sheet too
FINDING_UNITS = {
    "江临市市场监督管理局",
    "江临市爱国卫生运动委员会",
    "江临市生态环境局",
    "江临市爱国卫生运动委员会办公室",
    "江临市卫生健康委员会",
}
LEADING_ZERO = re.compile(r"\d{4}年0\d月|月0\d日")


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("render") / "demo"
    build_demo(root)
    return root


@pytest.fixture(scope="module")
def rendered(demo_root) -> dict[str, list[Path]]:
    """Every built-in rendered once with its sample data (assignment per unit)."""
    return {
        tid: render(
            tid,
            demo_root,
            data_file=demo_root / "render" / f"{tid}.yaml",
            each="unit" if tid == "assignment" else None,
        )
        for tid in BUILTINS
    }


@pytest.fixture()
def project(demo_root, tmp_path) -> Path:
    """A copy of the demo a test may change."""
    copy = tmp_path / "project"
    shutil.copytree(demo_root, copy, ignore=shutil.ignore_patterns("out"))
    return copy


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def template_with(folder: Path, name: str, *texts: str) -> Path:
    doc = g.new_document()
    for t in texts:
        g.add_body(doc, t)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.docx"
    doc.save(str(path))
    return path


# ---------------------------------------------------------------- built-in templates


@pytest.mark.parametrize("tid", BUILTINS)
def test_builtin_template_renders_on_the_demo_and_passes_lint(rendered, tid):
    lint = pytest.importorskip("docgen.lint")
    for path in rendered[tid]:
        findings = lint.lint_file(path)
        assert findings == [], [f"{f.rule}: {f.message}" for f in findings]


@pytest.mark.parametrize("tid", BUILTINS)
def test_no_output_keeps_an_unrendered_tag(rendered, tid):
    for path in rendered[tid]:
        data = path.read_bytes()
        assert leftover_tags(data) == []
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                    xml = z.read(name).decode("utf-8")
                    for tag in ("{{", "{%", "}}", "%}"):
                        assert tag not in xml, (path.name, name, tag)


@pytest.mark.parametrize("tid", BUILTINS)
def test_dates_are_written_without_leading_zeros(rendered, tid):
    for path in rendered[tid]:
        text = text_of(path)
        assert "2026年11月20日" in text
        assert not LEADING_ZERO.search(text)


def test_default_output_is_out_id_and_date(rendered, demo_root):
    assert rendered["notice"] == [demo_root / "out" / "notice-20261120.docx"]
    assert {p.parent for p in rendered["assignment"]} == {demo_root / "out" / "assignment"}


def test_notice_holds_its_data_and_doc_number(rendered):
    text = text_of(rendered["notice"][0])
    assert "江爱卫办〔2026〕21号" in text
    assert "关于开展2026年冬春季爱国卫生运动的通知" in text
    assert "一、工作时间" in text and "三、工作要求" in text
    assert "附件：1.江临市2026年冬春季爱国卫生运动工作方案" in text
    assert "抄送：江临市人民政府办公室，东川省爱国卫生运动委员会办公室。" in text
    assert "2026年11月20日印发" in text


def test_meeting_notice_lists_the_member_units(rendered):
    text = text_of(rendered["meeting-notice"][0])
    assert "江临市行政中心三楼第一会议室" in text
    assert "江临市疾病预防控制中心" in text and "何静" in text
    assert "江临市环境卫生管理处" not in text  # named in the problem list only, not a member


def test_circular_groups_the_problems_by_unit(rendered):
    text = text_of(rendered["circular"][0])
    assert "（一）江临市城市管理局" in text
    assert "沿街门店乱贴乱画" in text and "2026年5月12日交办" in text
    assert "已逾期81天" in text  # 2026-08-31 → 2026-11-20 (today in the sample data)
    assert "2026年共督查交办问题12个" in text
    assert "背街小巷垃圾桶满溢" not in text  # a 2025 problem


def test_assignment_sheet_holds_the_unit_its_problems_and_contact(rendered):
    by_name = {p.stem: p for p in rendered["assignment"]}
    text = text_of(by_name["江临市城市管理局"])
    assert "江临市城市管理局：" in text
    for expected in (
        "WT-2026-004",
        "沿街门店乱贴乱画",
        "中山路",
        "2026年8月31日",
        "公厕无障碍设施损坏",
        "2027年3月31日",
        "赵敏",
        "0000-6814328",
    ):
        assert expected in text
    assert "老旧小区化粪池满溢" not in text  # 住建局's problem
    assert "背街小巷垃圾桶满溢" not in text  # closed problems are not assigned again


def test_briefing_has_a_masthead_and_no_doc_number(rendered):
    text = text_of(rendered["briefing"][0])
    assert "第12期" in text and "江临市爱国卫生运动委员会办公室" in text
    assert "〔" not in text


def test_work_report_compares_figures_with_thresholds(rendered):
    text = text_of(rendered["work-report"][0])
    assert "严重精神障碍患者规范管理率" in text
    assert "2025年为83.6%，未达到“≥85%”的要求" in text
    assert "≥36%" in text and "41.8%" in text


def test_each_unit_writes_one_file_per_unit_named_after_it(rendered):
    paths = rendered["assignment"]
    assert {p.stem for p in paths} == OPEN_UNITS | FINDING_UNITS
    assert all(p.suffix == ".docx" for p in paths)
    for p in paths:
        assert f"{p.stem}：" in text_of(p)


# ---------------------------------------------------------------- fields


def test_missing_field_names_the_field_and_the_template(demo_root):
    with pytest.raises(InputError) as err:
        render("notice", demo_root)
    assert "notice" in err.value.message
    assert "title" in err.value.message and "--data" in err.value.message


def test_missing_nested_field_is_named_with_its_path(project):
    data = project / "render" / "meeting-notice.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("  place:", "  room:"), encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        render("meeting-notice", project, data_file=data)
    assert "meeting.place" in err.value.message and "meeting-notice" in err.value.message
    assert not (project / "out").exists() or not any((project / "out").glob("meeting-notice*"))


def test_per_unit_template_without_each_says_to_add_it(demo_root):
    with pytest.raises(InputError) as err:
        render("assignment", demo_root, data_file=demo_root / "render" / "assignment.yaml")
    assert "--each unit" in err.value.message


def test_optional_fields_may_be_left_out(project):
    data = project / "render" / "notice.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.split("attachments:")[0].replace("cc:", "old_cc:"), encoding="utf-8")
    out = render("notice", project, data_file=data)
    body = text_of(out[0])
    assert "附件" not in body and "抄送" not in body
    assert "2026年11月20日印发" in body


def test_bad_data_yaml_names_the_line(project):
    bad = project / "bad.yaml"
    bad.write_text("title: 通知\nrecipient: [各单位\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        render("notice", project, data_file=bad)
    assert "bad.yaml" in err.value.message and "行" in err.value.message


@pytest.mark.parametrize("year", ["-5", "99999999999999999999", "true", "二〇二五"])
def test_a_year_that_is_no_year_is_refused(project, year):
    data = project / "year.yaml"
    data.write_text(f"year: {year}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        render("work-report", project, data_file=data)
    assert "year" in err.value.message and "1949–2100" in err.value.message


def test_list_templates_gives_the_fields_each_needs(demo_root):
    infos = {t.id: t for t in list_templates(demo_root)}
    assert set(BUILTINS) <= set(infos)
    assert infos["notice"].source == "builtin" and infos["notice"].title == "通知"
    assert {"title", "seq", "org_code"} <= set(infos["notice"].data_fields)
    assert "attachments" in infos["notice"].optional
    assert infos["assignment"].per_unit and not infos["notice"].per_unit
    assert "meeting.time" in infos["meeting-notice"].fields
    assert "indicators" in infos["work-report"].fields
    assert "indicators" not in infos["work-report"].data_fields


# ---------------------------------------------------------------- project templates, sandbox


def test_project_template_overrides_the_builtin(project):
    template_with(project / "templates", "notice", "本地通知模板：{{ city.name }}，{{ title }}")
    infos = {t.id: t for t in list_templates(project)}
    assert infos["notice"].source == "project"
    out = render("notice", project, data_file=project / "render" / "notice.yaml")
    assert "本地通知模板：江临市，关于开展2026年冬春季爱国卫生运动的通知" in text_of(out[0])


@pytest.mark.parametrize(
    "expr",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ''|attr('__class__') }}",
        "{{ '{0.__class__}'.format(1) }}",
        "{{ units['__class__'] }}",
    ],
)
def test_template_reaching_python_internals_is_refused(project, expr):
    template_with(project / "templates", "evil", expr)
    with pytest.raises(InputError) as err:
        render("evil", project)
    assert "evil" in err.value.message and "Python 内部属性" in err.value.message
    assert not (project / "out").exists() or not any((project / "out").glob("evil*"))


@pytest.mark.parametrize(
    "text, words",
    [
        ("{% include 'x.docx' %}", "引用其他文件"),
        ("{{ units.pop() }}", "修改数据"),
        ("{% for u in units %}", "endfor"),
        ("{{ 'abc'|cn_date }}", "不是日期"),
    ],
)
def test_unusable_template_is_refused_with_a_reason(project, text, words):
    template_with(project / "templates", "bad", text)
    with pytest.raises(InputError) as err:
        render("bad", project)
    assert words in err.value.message


def test_data_that_would_leave_a_tag_in_the_output_is_refused(project):
    data = project / "render" / "notice.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("title: 关于", "title: 「{{ x }}」关于"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        render("notice", project, data_file=data)
    assert "未处理的模板标签" in err.value.message


def test_data_with_xml_characters_is_escaped(project):
    template_with(project / "templates", "esc", "{{ title }}")
    data = project / "esc.yaml"
    data.write_text('title: "A&B<C>\\"D\\""\n', encoding="utf-8")
    out = render("esc", project, data_file=data)
    assert 'A&B<C>"D"' in text_of(out[0])


def test_unknown_template_lists_the_available_ones(demo_root):
    with pytest.raises(InputError) as err:
        render("no-such", demo_root)
    assert "notice" in err.value.message and "assignment" in err.value.message


# ---------------------------------------------------------------- output


def test_two_renders_give_identical_files(demo_root, tmp_path):
    data = demo_root / "render" / "circular.yaml"
    a = render("circular", demo_root, data_file=data, output=tmp_path / "a.docx")[0]
    b = render("circular", demo_root, data_file=data, output=tmp_path / "b.docx")[0]
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.read("word/document.xml") == zb.read("word/document.xml")
    assert a.read_bytes() == b.read_bytes()


def test_existing_output_is_not_overwritten_without_force(project):
    data = project / "render" / "briefing.yaml"
    first = render("briefing", project, data_file=data)[0]
    before = first.read_bytes()
    with pytest.raises(InputError) as err:
        render("briefing", project, data_file=data)
    assert "--force" in err.value.message
    assert first.read_bytes() == before
    assert render("briefing", project, data_file=data, force=True) == [first]


def test_each_unit_refuses_before_writing_when_one_file_exists(project):
    data = project / "render" / "assignment.yaml"
    folder = project / "out" / "assignment"
    folder.mkdir(parents=True)
    (folder / "江临市水务局.docx").write_bytes(b"kept")  # a unit without open problems: untouched
    (folder / "中共江临市委宣传部.docx").write_bytes(b"kept")
    with pytest.raises(InputError):
        render("assignment", project, data_file=data, each="unit")
    assert sorted(p.name for p in folder.iterdir()) == [
        "中共江临市委宣传部.docx",
        "江临市水务局.docx",
    ]


def test_output_inside_the_input_folders_is_refused(project):
    with pytest.raises(InputError):
        render(
            "briefing",
            project,
            data_file=project / "render" / "briefing.yaml",
            output=project / "data" / "简报.docx",
        )


def test_pdf_without_libreoffice_says_how_to_install_it(project, monkeypatch):
    monkeypatch.setattr("docgen.render.pdf.shutil.which", lambda name: None)
    with pytest.raises(InputError) as err:
        render("briefing", project, data_file=project / "render" / "briefing.yaml", pdf=True)
    assert "sudo apt-get install -y libreoffice-writer-nogui fonts-noto-cjk" in err.value.message
    assert not (project / "out").exists() or not any((project / "out").glob("briefing*"))


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice 未安装"
)
def test_pdf_shows_the_chinese_text(project):
    import pypdfium2

    out = render("briefing", project, data_file=project / "render" / "briefing.yaml", pdf=True)
    assert [p.suffix for p in out] == [".docx", ".pdf"]
    pdf = pypdfium2.PdfDocument(str(out[1]))
    try:
        text = pdf[0].get_textpage().get_text_range().replace(" ", "")
    finally:
        pdf.close()
    assert "全市冬春季爱国卫生运动全面启动" in text
    assert "第12期" in text


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 1, 5),
        dt.datetime(2026, 1, 5, 9, 30),
        "20260105",
        20260105,
        "2026-01-05",
        "2026/1/5",
        "2026.01.05",
        "2026年1月5日",
    ],
)
def test_cn_date_writes_year_month_day_without_leading_zeros(value):
    assert cn_date(value) == "2026年1月5日"


def test_cn_date_refuses_what_is_no_date():
    for bad in ("下旬", "20260231", "2026-13-01"):
        with pytest.raises(ValueError):
            cn_date(bad)


def test_chinese_numbering():
    assert [cn_number1(n) for n in (1, 2, 10, 11, 20, 99)] == [
        "一、",
        "二、",
        "十、",
        "十一、",
        "二十、",
        "九十九、",
    ]
    assert cn_number2(1) == "（一）" and cn_number2(12) == "（十二）"
    with pytest.raises(ValueError):
        cn_number1(100)


def test_percent_wan_yuan_and_doc_no():
    assert percent(91.8) == "91.8%" and percent(100.0) == "100%" and percent(91.85, 1) == "91.9%"
    assert wan_yuan(123456) == "12.35万元" and wan_yuan("1,000,000") == "100.00万元"
    assert doc_no("江爱卫办", 2026, 5) == "江爱卫办〔2026〕5号"
    assert doc_no("江爱卫办", "2026", "05") == "江爱卫办〔2026〕5号"
    with pytest.raises(ValueError):
        doc_no("江爱卫办", 26, 5)
