"""`docgen render`: fields missing or wrong, project templates and the sandbox, and
where the output goes (on a copy of the demo project)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from projectkit import copy_demo
from renderkit import (
    BUILTINS,
    template_with,
    text_of,
)

from docgen.errors import InputError
from docgen.render import list_templates, render


@pytest.fixture()
def project(demo_root, tmp_path) -> Path:
    """A copy of the demo a test may change."""
    return copy_demo(demo_root, tmp_path / "project")


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
