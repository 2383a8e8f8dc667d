"""The hostile cases that attack the filed documents (PDF, DOCX, zips) and the
archive folder (names, links, pipes, deep trees)."""

from __future__ import annotations

import os
from pathlib import Path

from hostile_base import (
    BASE_ROWS,
    Case,
    _archive_file,
    _bytes_of,
    _path_rows,
    edit_config,
    ledger_rows,
    link,
    mkfifo,
    raw_name,
)
from hostile_bytes import (
    PDF_DEEP,
    PDF_PAGES_LOOP,
    PDF_XREF_LOOP,
    docx_bomb,
    docx_xxe,
    docx_zip_slip,
    encrypted_pdf,
    lying_zip,
    overlap_bomb,
    truncated,
    xlsx_bomb,
)
from hostile_xlsx import (
    _filed_date_panic,
)
from projectkit import (
    code,
    make_pdf,
    ole_bytes,
    row,
)


def _gbk_names(root: Path) -> None:
    archive = root / "archive"
    pdf = (archive / f"{code(1)}.pdf").read_bytes()
    raw_name(archive, "创卫计划.pdf".encode("gbk"), pdf + b"%1")
    os.mkdir(os.path.join(os.fsencode(archive), "会议纪要".encode("gbk")))
    raw_name(
        Path(os.fsdecode(os.path.join(os.fsencode(archive), "会议纪要".encode("gbk")))),
        "纪要.pdf".encode("gbk"),
        pdf + b"%2",
    )
    raw_name(archive, b"\xff\xfe\xfd\x80.pdf", pdf + b"%3")
    raw_name(archive, b"\xc3\x28\xa0\xa1.docx", b"PK\x03\x04broken")
    ledger_rows(
        root,
        [*BASE_ROWS, row(code(3), path="创卫计划.pdf"), row(code(4), path="会议纪要/纪要.pdf")],
    )


def _outside_links(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    make_pdf(outside / "secret.pdf")
    archive = root / "archive"
    link(outside / "secret.pdf", archive / f"{code(3)}.pdf")
    link("../ledger/归档文件目录.xlsx", archive / f"{code(4)}.xlsx")
    link(outside, archive / "外部")
    link("/", archive / "根目录")
    link("/etc/passwd", archive / "passwd.pdf")
    link("/dev/zero", archive / f"{code(6)}.pdf")
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            row(code(3)),
            row(code(4)),
            row(code(5), path="外部/secret.pdf"),
            row(code(6)),
            row(code(7), path="根目录/etc/passwd"),
        ],
    )


def _link_loops(root: Path) -> None:
    archive = root / "archive"
    link("b.pdf", archive / "a.pdf")
    link("a.pdf", archive / "b.pdf")
    link("self.pdf", archive / "self.pdf")
    (archive / "sub" / "deeper").mkdir(parents=True)
    link("..", archive / "sub" / "deeper" / "up")
    link(".", archive / "sub" / "here")
    link(archive / "sub", archive / "sub" / "deeper" / "abs")
    link("missing-target.pdf", archive / f"{code(3)}.pdf")
    ledger_rows(
        root,
        [
            *BASE_ROWS,
            row(code(3)),
            row(code(4), path="a.pdf"),
            row(code(5), path="sub/deeper/up/here/a.pdf"),
        ],
    )


def _fifo_archive(root: Path) -> None:
    mkfifo(root / "archive" / f"{code(1)}.pdf")
    mkfifo(root / "archive" / "孤立的管道.docx")


def _deep_tree(root: Path) -> None:
    p = root / "archive"
    for _ in range(60):
        p = p / ("层" * 20)
    p.mkdir(parents=True)
    make_pdf(p / f"{code(3)}.pdf")


def _weird_paths(root: Path) -> None:
    ledger_rows(
        root,
        [*BASE_ROWS]
        + [
            row(code(3 + i), path=p)
            for i, p in enumerate(
                [
                    "../../../../etc/passwd",
                    "/etc/passwd",
                    "C:\\档案\\2025\\x.pdf",
                    "c:x.pdf",
                    "\\\\server\\share\\x.pdf",
                    "archive/../../docgen.yaml",
                    "x" * 5000 + ".pdf",
                    "/".join(["a"] * 2500),
                    "~/x.pdf",
                    "file:///etc/passwd",
                    ".",
                    "..",
                    "archive",
                    "2025/./../../..",
                    " ",
                    "\u3000/\u3000",
                    "CON",
                    "aux.pdf",
                    "a:b.pdf",
                    "a\\..\\..\\b.pdf",
                    "目录/" + "长" * 300 + ".pdf",
                ]
            )
        ],
    )


def _renamed_archive(root: Path) -> None:
    os.rename(root / "archive", root / "归档")
    edit_config(root, paths={"archive": "归档"})


def _no_zip_slip() -> None:
    assert not Path("/tmp/docgen-zip-slip.txt").exists()
    assert not Path("/etc/docgen-zip-slip").exists()


FILE_CASES: list[Case] = [
    # ------------------------------------------------ filed PDFs
    Case(
        "pdf-truncated",
        _archive_file("截断.pdf", lambda p: (make_pdf(p), truncated(p))),
        finding=("file.unreadable", "archive/截断.pdf"),
    ),
    Case(
        "pdf-encrypted",
        _archive_file("加密.pdf", encrypted_pdf),
        finding=("file.encrypted", "archive/加密.pdf"),
    ),
    Case("pdf-zero-bytes", _archive_file("空.pdf", b""), finding=("file.empty", "archive/空.pdf")),
    Case(
        "pdf-garbage",
        _archive_file("乱码.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"),
        finding=("file.unreadable", "archive/乱码.pdf"),
    ),
    Case("pdf-pages-loop", _archive_file("循环.pdf", PDF_PAGES_LOOP), finding=None),
    Case("pdf-xref-loop", _archive_file("交叉表循环.pdf", PDF_XREF_LOOP), finding=None),
    Case("pdf-deep-nesting", _archive_file("嵌套.pdf", PDF_DEEP), finding=None),
    # ------------------------------------------------ filed DOCX and zips
    Case(
        "docx-zip-bomb",
        _archive_file("炸弹.docx", _bytes_of(docx_bomb)),
        finding=("file.unreadable", "archive/炸弹.docx"),
    ),
    Case(
        "docx-lying-sizes",
        _archive_file("谎报.docx", _bytes_of(lying_zip)),
        finding=("file.unreadable", "archive/谎报.docx"),
    ),
    Case(
        "docx-overlapping-bomb",
        _archive_file("重叠.docx", _bytes_of(overlap_bomb)),
        finding=("file.unreadable", "archive/重叠.docx"),
    ),
    Case(
        "docx-really-doc",
        _archive_file("旧版.docx", ole_bytes("WordDocument", "1Table")),
        finding=("file.unreadable", "archive/旧版.docx"),
    ),
    Case(
        "docx-ole-loop",
        _archive_file("循环.docx", ole_bytes("WordDocument", loop=True)),
        finding=("file.unreadable", "archive/循环.docx"),
    ),
    Case(
        "docx-zip-slip",
        _archive_file("穿越.docx", _bytes_of(docx_zip_slip)),
        check=lambda root, runs: _no_zip_slip(),
    ),
    Case(
        "zip-slip-archive",
        _archive_file("资料包.zip", _bytes_of(docx_zip_slip)),
        check=lambda root, runs: _no_zip_slip(),
    ),
    Case("docx-xxe-entities", _archive_file("实体.docx", _bytes_of(docx_xxe))),
    Case("xlsx-filed-date-panic", _archive_file("统计.xlsx", _filed_date_panic, {"kind": "报表"})),
    Case(
        "xlsx-bomb-filed",
        _archive_file("报表.xlsx", _bytes_of(xlsx_bomb), {"kind": "报表"}),
        finding=("file.unreadable", "archive/报表.xlsx"),
    ),
    # ------------------------------------------------ the archive folder
    Case("archive-gbk-names", _gbk_names, finding=("file.missing", None)),
    Case("archive-links-outside", _outside_links, finding=("file.outside-root", None)),
    Case("archive-link-loops", _link_loops, finding=("file.unreadable", None)),
    Case("archive-fifo", _fifo_archive, finding=(None, f"archive/{code(1)}.pdf")),
    Case("archive-deep-tree", _deep_tree, finding=("file.orphan", None)),
    Case("archive-renamed-folder", _renamed_archive, formats=("json",)),
    Case("paths-hostile", _weird_paths, finding=("file.outside-root", None)),
    Case(
        "paths-5000-chars",
        _path_rows("长" * 5000 + ".pdf", "/".join(["很长的文件夹名称" * 30] * 10)),
        finding=("file.missing", None),
    ),
]
