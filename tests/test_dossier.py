"""`docgen dossier build` and `verify` on small real projects: the materials, the
contents, binding, the manifest, preflight refusals and bad input."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from projectkit import HEADER, make_pdf, row, run_cli, write_config, write_ledger
from pypdf import PdfReader

from docgen import gbt9704 as g
from docgen.dossier import Refused, build_dossier, verify
from docgen.dossier.pages import soffice
from docgen.errors import InputError
from docgen.lint import lint_file

GUIDE = {
    "id": "test-guide",
    "title": "测试建档指引",
    "level": "city",
    "window": 1,
    "sections": [
        {
            "code": "01",
            "name": "爱国卫生组织管理",
            "items": [
                {"code": "1.1", "name": "组织领导", "requires": [{"kind": "文件", "per": "once"}]}
            ],
        }
    ],
    "materials": [
        {"id": "cover", "title": "申请报告", "template": "cover"},
        {
            "id": "recommendation",
            "title": "省爱卫会推荐报告及考核鉴定意见",
            "supplied_by": "省爱卫会",
            "match": ["推荐报告"],
        },
        {
            "id": "album",
            "title": "画册和专题片",
            "supplied_by": "本市",
            "optional": True,
            "match": ["画册", "专题片"],
        },
    ],
}
needs_office = pytest.mark.skipif(
    soffice() is None, reason="未安装 LibreOffice（libreoffice-writer），跳过计页和 PDF 汇编的测试"
)


def cover_template(path: Path) -> None:
    """A project template: a one-page 公文 naming the city and the date."""
    doc = g.new_document()
    g.add_title(doc, "{{ city.name }}关于申报国家卫生城市的请示")
    g.add_recipient(doc, "{{ recipient }}：")
    g.add_body(doc, "{{ city.name }}已按照标准完成各项创建工作，特申请考核鉴定。")
    g.add_signature(doc, "{{ issuer }}", "{{ date|cn_date }}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def make_project(root: Path, *, clean: bool = True, guide: dict | None = None) -> Path:
    write_config(root, guide="guide.yaml")
    (root / "guide.yaml").write_text(
        yaml.safe_dump(guide or GUIDE, allow_unicode=True), encoding="utf-8"
    )
    code = "J012-2025-D30-01-0001"
    rows = [
        HEADER,
        row(code, item="1.1", kind="文件", title="关于调整爱国卫生运动委员会组成人员的通知"),
    ]
    if not clean:
        rows.append(
            row("J012-2025-D30-01-0003", item="1.1", kind="文件")
        )  # a gap and a missing file
    write_ledger(root, {"2025": rows})
    make_pdf(root / "archive" / f"{code}.pdf")
    cover_template(root / "templates" / "cover.docx")
    (root / "dossier").mkdir()
    data = {
        "date": "2026-11-20",
        "issuer": "示例市人民政府",
        "recipient": "示例省爱国卫生运动委员会",
    }
    (root / "dossier" / "data.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    return root


def tree_hash(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "out" not in p.relative_to(root).parts
    }


# ---------------------------------------------------------------- building


def test_build_writes_materials_contents_bound_document_index_and_manifest(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    folder = root / "out" / "申报材料"
    assert report.folder == folder
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "00-目录.docx",
            "01-申请报告.docx",
            "申报材料汇编.docx",
            "证明材料索引.xlsx",
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
        ]
    )
    cover = docx.Document(str(folder / "01-申请报告.docx"))
    assert cover.paragraphs[0].text == "示例市关于申报国家卫生城市的请示"
    assert report.pending == ["省爱卫会推荐报告及考核鉴定意见"]
    assert verify(folder) == []


def test_missing_province_material_is_pending_in_the_contents_and_does_not_stop_the_build(tmp_path):
    root = make_project(tmp_path / "p")
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "待提供：省爱卫会推荐报告及考核鉴定意见" in result.stdout
    rows = contents_rows(root / "out" / "申报材料" / "00-目录.docx")
    assert rows[2] == ["二", "省爱卫会推荐报告及考核鉴定意见", "省爱卫会", "—", "待省爱卫会提供"]
    assert rows[3][-1] == "未提供（可选）"


def contents_rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]
    return [[c.text for c in r.cells] for r in table.rows]


def test_without_libreoffice_the_contents_says_page_numbers_are_not_computed(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    assert not report.pages_counted
    text = "\n".join(p.text for p in docx.Document(str(report.folder / "00-目录.docx")).paragraphs)
    assert "页码未计算" in text
    assert contents_rows(report.folder / "00-目录.docx")[1][3] == "未计算"
    assert not (report.folder / "申报材料汇编.pdf").exists()


def test_a_supplied_file_is_numbered_copied_and_listed(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "06-推荐报告.pdf", pages=3, text="示例省爱卫会推荐报告")
    (root / "dossier" / "专题片.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    report = build_dossier(root, pdf=False)
    names = {p.name for p in report.folder.iterdir()}
    assert "02-省爱卫会推荐报告及考核鉴定意见.pdf" in names
    assert "03-专题片.mp4" in names
    assert report.pending == []
    rows = contents_rows(report.folder / "00-目录.docx")
    assert rows[3][-1] == "另附：03-专题片.mp4"


def test_rebuilding_from_the_same_inputs_gives_the_same_manifest(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf", pages=2)
    first = build_dossier(root, pdf=False, output=tmp_path / "a").folder
    second = build_dossier(root, pdf=False, output=tmp_path / "b").folder
    for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt", "bag-info.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    info = (first / "bag-info.txt").read_text(encoding="utf-8")
    assert "Build-Time: 2026-11-20\n" in info and "Source-Organization: 示例省示例市" in info
    assert "Bag-Software-Agent: docgen " in info


def test_build_time_option_is_written_to_bag_info(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False, build_time="2026-11-21T09:30:00")
    assert "Build-Time: 2026-11-21T09:30:00" in (report.folder / "bag-info.txt").read_text(
        encoding="utf-8"
    )


def test_inputs_are_unchanged_by_a_build(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf")
    before = tree_hash(root)
    build_dossier(root, pdf=False)
    assert tree_hash(root) == before


# ---------------------------------------------------------------- preflight


def test_preflight_errors_refuse_the_build_with_exit_1_and_write_nothing(tmp_path):
    root = make_project(tmp_path / "p", clean=False)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 1
    assert "预检发现" in result.stderr and "file.missing" in result.stderr
    assert "--force" in result.stderr
    assert not (root / "out" / "申报材料").exists()
    with pytest.raises(Refused):
        build_dossier(root, pdf=False)


def test_forced_build_marks_the_contents_as_a_draft(tmp_path):
    root = make_project(tmp_path / "p", clean=False)
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force")
    assert result.returncode == 0, result.stderr
    folder = root / "out" / "申报材料"
    first = [p.text for p in docx.Document(str(folder / "00-目录.docx")).paragraphs if p.text][1]
    assert first.startswith("【草稿】预检发现")
    assert "Preflight: 未通过" in (folder / "bag-info.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- outputs


def test_an_existing_dossier_is_not_overwritten_without_force(tmp_path):
    root = make_project(tmp_path / "p")
    build_dossier(root, pdf=False)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "--force" in result.stderr
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force")
    assert result.returncode == 0, result.stderr
    assert not [
        p for p in (root / "out").iterdir() if p.name.startswith(".申报材料")
    ]  # no staging left behind


def test_force_never_replaces_a_folder_that_is_not_a_dossier(tmp_path):
    root = make_project(tmp_path / "p")
    desk = tmp_path / "桌面"
    desk.mkdir()
    (desk / "工作计划.docx").write_bytes(b"mine")
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force", "-o", str(desk))
    assert result.returncode == 2 and "不是 docgen 生成的申报材料文件夹" in result.stderr
    assert [p.name for p in desk.iterdir()] == ["工作计划.docx"]
    empty = tmp_path / "空"
    empty.mkdir()
    assert build_dossier(root, pdf=False, output=empty).folder == empty


@pytest.mark.parametrize("target", ["archive/申报", "dossier", ".", "ledger"])
def test_output_into_the_input_or_the_project_is_refused(tmp_path, target):
    root = make_project(tmp_path / "p")
    before = tree_hash(root)
    result = run_cli("dossier", "build", str(root), "--no-pdf", "--force", "-o", str(root / target))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "输出文件夹" in result.stderr
    assert tree_hash(root) == before


def test_a_broken_supplied_pdf_stops_the_build_naming_the_file(tmp_path):
    root = make_project(tmp_path / "p")
    pdf = make_pdf(root / "dossier" / "推荐报告.pdf", pages=2)
    pdf.write_bytes(pdf.read_bytes()[:300])
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2
    assert "dossier/推荐报告.pdf" in result.stderr and "Traceback" not in result.stderr


def test_a_docx_that_is_really_a_pdf_is_refused(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.docx")
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "推荐报告.docx" in result.stderr and "PDF" in result.stderr


def test_a_material_template_missing_a_field_names_it_and_where_to_write_it(tmp_path):
    root = make_project(tmp_path / "p")
    (root / "dossier" / "data.yaml").write_text(
        "date: 2026-11-20\nissuer: 示例市人民政府\n", encoding="utf-8"
    )
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2
    assert (
        "申请报告" in result.stderr
        and "recipient" in result.stderr
        and "dossier/data.yaml" in result.stderr
    )


# ---------------------------------------------------------------- binding


def test_bound_document_keeps_each_materials_section_and_footer(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    bound = docx.Document(str(report.folder / "申报材料汇编.docx"))
    assert len(bound.sections) == 2  # 目录, 申请报告
    for section in bound.sections:
        assert section.footer.paragraphs and not section.footer.is_linked_to_previous
        assert "PAGE" in section.footer._element.xml
        assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 28
    text = "\n".join(p.text for p in bound.paragraphs)
    assert "示例市关于申报国家卫生城市的请示" in text and "材料目录" in text


@needs_office
def test_page_numbers_come_from_the_laid_out_pages_and_the_pdf_has_a_bookmark_per_material(
    tmp_path,
):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf", pages=3)
    report = build_dossier(root)
    assert report.pages_counted
    rows = contents_rows(report.folder / "00-目录.docx")
    assert [r[3] for r in rows[1:3]] == ["2", "3"]  # 目录 is page 1, the 请示 one page
    reader = PdfReader(io.BytesIO((report.folder / "申报材料汇编.pdf").read_bytes()))
    assert len(reader.pages) == 1 + 1 + 3
    marks = {
        o.title: reader.get_destination_page_number(o) + 1
        for o in reader.outline
        if not isinstance(o, list)
    }
    assert marks == {"目录": 1, "申请报告": 2, "省爱卫会推荐报告及考核鉴定意见": 3}
    assert "— 2 —" in reader.pages[1].extract_text()
    bound = docx.Document(str(report.folder / "申报材料汇编.docx"))
    starts = [s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) for s in bound.sections]
    assert starts == ["1", "2", "3"]


def test_generated_contents_and_materials_pass_lint(tmp_path):
    root = make_project(tmp_path / "p")
    report = build_dossier(root, pdf=False)
    for name in ("00-目录.docx", "01-申请报告.docx"):
        assert lint_file(report.folder / name) == [], name


# ---------------------------------------------------------------- verify


def test_changing_one_byte_of_any_file_fails_verify_naming_it(tmp_path):
    root = make_project(tmp_path / "p")
    make_pdf(root / "dossier" / "推荐报告.pdf")
    folder = build_dossier(root, pdf=False).folder
    for path in sorted(folder.iterdir()):
        original = path.read_bytes()
        changed = bytearray(original)
        changed[len(changed) // 2] ^= 0x01
        path.write_bytes(bytes(changed))
        result = run_cli("dossier", "verify", str(folder)) if path.name == "bag-info.txt" else None
        problems = [(p.kind, p.path) for p in verify(folder)]
        if path.name.endswith(
            "manifest-sha256.txt"
        ):  # a changed byte may also spoil or rename an entry
            assert problems and any(where.startswith(path.name) for _, where in problems), path.name
        else:
            assert problems == [("changed", path.name)], path.name
        if result is not None:
            assert result.returncode == 1 and f"已改动：{path.name}" in result.stdout
        path.write_bytes(original)
    result = run_cli("dossier", "verify", str(folder))
    assert result.returncode == 0 and "核验通过" in result.stdout


def test_verify_reports_missing_and_unexpected_files(tmp_path):
    folder = build_dossier(make_project(tmp_path / "p"), pdf=False).folder
    (folder / "01-申请报告.docx").unlink()
    (folder / "说明.txt").write_text("后加的文件", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.pdf").write_bytes(b"%PDF-1.4")
    kinds = sorted((p.kind, p.path) for p in verify(folder))
    assert kinds == [
        ("missing", "01-申请报告.docx"),
        ("unexpected", "sub/x.pdf"),
        ("unexpected", "说明.txt"),
    ]


def test_verify_does_not_follow_links_or_manifest_paths_out_of_the_folder(tmp_path):
    folder = build_dossier(make_project(tmp_path / "p"), pdf=False).folder
    secret = tmp_path / "secret.txt"
    secret.write_text("外部文件", encoding="utf-8")
    (folder / "link.txt").symlink_to(secret)
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    with open(folder / "manifest-sha256.txt", "a", encoding="utf-8") as fh:
        fh.write(f"{digest}  ../secret.txt\n{digest}  /etc/passwd\n")
    problems = verify(folder)
    kinds = {(p.kind, p.path) for p in problems}
    assert ("unexpected", "link.txt") in kinds
    assert ("changed", "manifest-sha256.txt") in kinds
    invalid = [p for p in problems if p.kind == "invalid"]
    assert len(invalid) == 2 and all("离开了申报材料文件夹" in p.detail for p in invalid)


@pytest.mark.parametrize("make", ["missing", "plain-folder", "file"])
def test_verify_of_something_that_is_not_a_dossier_exits_2(tmp_path, make):
    target = tmp_path / "x"
    if make == "plain-folder":
        target.mkdir()
        (target / "a.txt").write_text("x", encoding="utf-8")
    elif make == "file":
        target.write_text("x", encoding="utf-8")
    result = run_cli("dossier", "verify", str(target))
    assert (
        result.returncode == 2
        and "申报材料文件夹" in result.stderr
        and "Traceback" not in result.stderr
    )
    with pytest.raises(InputError):
        verify(target)


def test_a_copied_dossier_verifies_elsewhere(tmp_path):
    folder = build_dossier(make_project(tmp_path / "p"), pdf=False).folder
    copy = tmp_path / "U盘" / "申报材料"
    shutil.copytree(folder, copy)
    assert verify(copy) == []


@needs_office
def test_rebuilding_with_libreoffice_gives_the_same_pdf_and_manifest(tmp_path):
    root = make_project(tmp_path / "p")
    first = build_dossier(root, output=tmp_path / "a").folder
    second = build_dossier(root, output=tmp_path / "b").folder
    assert (first / "申报材料汇编.pdf").read_bytes() == (second / "申报材料汇编.pdf").read_bytes()
    assert (first / "manifest-sha256.txt").read_bytes() == (
        second / "manifest-sha256.txt"
    ).read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("data.yaml", "date: [2026\n", "dossier/data.yaml 的 YAML 格式有误"),
        ("data.yaml", "cover: [1, 2]\n", "cover 的值应为“字段: 值”的映射"),
        ("推荐报告.pdf", "", "是空文件"),
    ],
)
def test_broken_dossier_inputs_exit_2_naming_the_file(tmp_path, name, content, said):
    root = make_project(tmp_path / "p")
    (root / "dossier" / name).write_text(content, encoding="utf-8")
    before = tree_hash(root)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert tree_hash(root) == before


def test_a_supplied_docx_zip_bomb_is_refused_without_inflating_it(tmp_path):
    import zipfile

    root = make_project(tmp_path / "p")
    with zipfile.ZipFile(root / "dossier" / "推荐报告.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "压缩炸弹" in result.stderr


def test_a_link_in_the_dossier_folder_is_not_followed(tmp_path):
    root = make_project(tmp_path / "p")
    outside = make_pdf(tmp_path / "外部.pdf")
    (root / "dossier" / "推荐报告.pdf").symlink_to(outside)
    report = build_dossier(root, pdf=False)
    assert report.pending == ["省爱卫会推荐报告及考核鉴定意见"]
    assert report.notes == [
        "dossier/推荐报告.pdf 是符号链接，docgen 不跟随链接，已忽略；请把文件本身放进 dossier/ 文件夹。"
    ]


def test_a_material_template_that_reaches_for_python_internals_is_refused(tmp_path):
    root = make_project(tmp_path / "p")
    doc = g.new_document()
    g.add_title(doc, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    doc.save(str(root / "templates" / "cover.docx"))
    before = tree_hash(root)
    result = run_cli("dossier", "build", str(root), "--no-pdf")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "申请报告" in result.stderr and "cover" in result.stderr
    assert tree_hash(root) == before
    assert not (root / "out" / "申报材料").exists()
