"""Helpers of the dossier tests (test_dossier.py, test_dossier_verify.py): a guide with
materials, a cover template, a project, the contents table, a folder's hashes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
import yaml
from projectkit import code, make_pdf, project, row

from docgen import gbt9704 as g
from docgen.dossier.pages import soffice
from docgen.gbt9704 import masthead

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
    """A project template: a one-page 请示 (版头 with 签发人) naming the city and the date."""
    doc = g.new_document()
    masthead.add_mark(doc, "{{ issuer }}文件")
    g.blank_line(doc)
    masthead.add_number_rule(doc, "示政〔2026〕3号", "张明")
    g.blank_line(doc)
    g.add_title(doc, "{{ city.name }}关于申报国家卫生城市的请示")
    g.add_recipient(doc, "{{ recipient }}：")
    g.add_body(doc, "{{ city.name }}已按照标准完成各项创建工作，特申请考核鉴定。")
    g.add_signature(doc, "{{ issuer }}", "{{ date|cn_date }}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def make_project(root: Path, *, clean: bool = True, guide: dict | None = None) -> Path:
    rows = [row(code(1), item="1.1", kind="文件", title="关于调整爱国卫生运动委员会组成人员的通知")]
    if not clean:
        rows.append(row(code(3), item="1.1", kind="文件"))  # a gap and a missing file
    project(root, rows, archive=False, guide="guide.yaml")
    (root / "guide.yaml").write_text(
        yaml.safe_dump(guide or GUIDE, allow_unicode=True), encoding="utf-8"
    )
    make_pdf(root / "archive" / f"{code(1)}.pdf")
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


def contents_rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]
    return [[c.text for c in r.cells] for r in table.rows]
