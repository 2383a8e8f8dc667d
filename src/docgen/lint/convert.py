"""The .doc and .wps given to `docgen lint`: converted to .docx with LibreOffice (the
runner of docgen.render.pdf: private profile, time limit, tied to docgen's life) in a
temporary folder, never beside the input; the inputs are copied there first and never
touched. Without LibreOffice, or when it fails, each such file is one finding saying so.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..catalogue import make
from ..errors import InputError
from ..findings import Finding

CONVERTED = (".doc", ".wps")  # Word 97-2003 and WPS 文字
# what such files hold: an OLE compound file, or the RTF or HTML/XML that office systems
# often save under a .doc name (a .docx renamed .doc is read as it is)
MAGIC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"<")
BOM = b"\xef\xbb\xbf"


def convertible(name: str) -> bool:
    """A .doc or .wps that is a regular, readable file LibreOffice can open (anything
    else is lint_file's to report)."""
    if Path(name).suffix.lower() not in CONVERTED:
        return False
    try:
        if not os.path.isfile(name):
            return False
        with open(name, "rb") as fh:
            head = fh.read(64).removeprefix(BOM).lstrip()
    except OSError:
        return False
    return head.startswith(MAGIC)


def precheck(name: str) -> str | None:
    """Why a convertible file is not given to LibreOffice (None: convert it): an OLE file
    must be a Word/WPS document (LibreOffice would read any other as plain text). Reads
    the file: lint_files runs it in a worker process."""
    from ..inspect.formats import inspect_file

    inspection = inspect_file(name, Path(name).suffix.lower().lstrip("."))
    if inspection.detected == "rtf" or (inspection.detected == "doc" and inspection.status == "ok"):
        return None
    with open(name, "rb") as fh:
        if not fh.read(len(MAGIC[0])).startswith(MAGIC[0]):
            return None  # HTML or XML saved as .doc
    if inspection.detected == "cfb":
        return "文件是复合文档，但其中没有 Word 文档内容（可能已损坏，或不是文字处理文件）"
    return inspection.reason or "文件已损坏"


@contextmanager
def converted(names: list[str]) -> Iterator[tuple[dict[str, str], list[Finding]]]:
    """({original: converted .docx}, findings for the files not converted), the .docx
    in a temporary folder removed on exit."""
    if not names:
        yield {}, []
        return
    from ..render import pdf

    soffice = pdf.soffice_path()
    if soffice is None:
        yield {}, [_finding(n, "no-soffice", install=pdf.INSTALL) for n in names]
        return
    with tempfile.TemporaryDirectory(prefix="docgen-lint-") as tmp:
        yield _convert_all(pdf, soffice, names, Path(tmp))


def _convert_all(pdf, soffice: str, names: list[str], work: Path):
    (work / "in").mkdir()
    copies = []
    for i, name in enumerate(names):  # numbered: a.doc and a.wps do not collide
        copy = work / "in" / f"{i}{Path(name).suffix.lower()}"
        shutil.copyfile(name, copy)
        copies.append(copy)
    try:
        pdf._convert(soffice, copies, work, to="docx")
    except InputError as exc:
        return {}, [_finding(n, "failed", why=str(exc)) for n in names]
    done, failed = {}, []
    for i, name in enumerate(names):
        out = work / "out" / f"{i}.docx"
        if out.is_file():
            done[name] = str(out)
        else:
            failed.append(
                _finding(name, "failed", why="LibreOffice 没有生成 .docx，文件可能已损坏")
            )
    return done, failed


def _finding(name: str, variant: str, **fields) -> Finding:
    return make("format.unreadable", variant, file=name, expected=".docx", value=None, **fields)


def renamed(findings: list[Finding], converted_path: str, original: str) -> list[Finding]:
    """Findings on a converted copy, naming the file given."""
    return [
        dataclasses.replace(f, file=original, message=f.message.replace(converted_path, original))
        for f in findings
    ]
