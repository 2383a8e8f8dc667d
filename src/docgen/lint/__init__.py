"""`docgen lint`: check .docx files against GB/T 9704-2012 (docgen.gbt9704.spec).

`lint_file(path)` never raises on a bad file: a zip bomb, a damaged or encrypted file,
a DTD, a body too large to be an official document give one `format.unreadable`
finding, and so does an OFD or PDF (a fixed layout whose Word formatting is gone).
`lint_paths(paths)` takes .docx, .doc, .wps and .ofd (a folder stands for those under
it); a .doc or .wps is converted to .docx with LibreOffice first (lint/convert.py) and
its findings name the file given. It checks each file in a worker process
with a time limit and a memory ceiling (docgen.workers.pool), so that a crafted file
costs one finding, not the run; it raises InputError (exit status 2) for a path that
does not exist. Exit status for the CLI: `exit_code(findings)` → 0 no errors, 1 errors.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

from ..errors import InputError
from ..findings import ERROR, Finding
from ..gbt9704 import spec
from ..inspect import FAILURES
from ..inspect.formats import inspect_file
from ..workers import pool
from . import convert
from .base import Doc
from .checks import CHECKS, FIXED_LAYOUT, fixed_layout, unreadable
from .checks import RULES as TEXT_RULES
from .docx_view import open_docx
from .kind import kind_of
from .output import report
from .page import RULES as PAGE_RULES
from .page import page_findings
from .zones import find_signature, zones

MAX_XML_BYTES = 8 << 20  # a hundred-page 公文 holds ~2 MiB of XML; 8 MiB take ~6 s to check
MAX_FILE_BYTES = 256 << 20  # pictures included
LEAVES = "是指向所检查文件夹以外的链接，未读取"
CHECKED = (".docx", ".doc", ".wps", ".ofd")  # what a folder given stands for
RULES = [*TEXT_RULES, *PAGE_RULES]

__all__ = [
    "RULES",
    "exit_code",
    "expand",
    "lint_file",
    "lint_paths",
    "report",
    "run_lint",
    "sort_lint",
]


def _not_docx(detected: str) -> str:
    if detected in ("doc", "cfb"):
        return "这是 Word 97-2003 格式（.doc），不是 .docx"
    return f"文件内容不是 .docx（识别为 {detected}）"


def lint_file(path: str | Path) -> list[Finding]:
    """All findings for one file, sorted; `file` is the path as given. Runs in place:
    lint_paths runs it in a worker process."""
    return lint_file_kind(path)[0]


def lint_file_kind(path: str | Path) -> tuple[list[Finding], str | None]:
    """lint_file's findings and the document's kind (lint/kind.py; None when the file
    could not be read)."""
    findings = _lint_one(str(path))
    return (findings, None) if isinstance(findings, list) else (findings[0], findings[1])


def _lint_one(name: str):
    """The findings of a file that cannot be read, or (findings, kind)."""
    why = _not_regular(name)
    if why:
        return [unreadable(name, why)]
    ext = Path(name).suffix.lower().lstrip(".")
    inspection = inspect_file(name, ext)
    if inspection.status != "ok":
        return [unreadable(name, inspection.reason or inspection.status)]
    if inspection.detected in FIXED_LAYOUT:
        return [fixed_layout(name, inspection.detected)]
    if inspection.detected != "docx":
        return [unreadable(name, _not_docx(inspection.detected))]
    try:
        with zipfile.ZipFile(name) as zf:
            xml = sum(i.file_size for i in zf.infolist() if i.filename.endswith((".xml", ".rels")))
    except (OSError, zipfile.BadZipFile, ValueError):
        xml = 0
    if xml > MAX_XML_BYTES:
        return [
            unreadable(name, f"文字部分解压后超过 {MAX_XML_BYTES >> 20} MB，不像是一份公文，未检查")
        ]
    try:
        view = open_docx(name)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 -- any damage in the package: one finding
        return [unreadable(name, f"文件已损坏（{type(exc).__name__}）")]
    title, body = zones(view)
    doc = Doc(name, view, title, body, find_signature(view.paragraphs, body))
    findings: list[Finding] = []
    for check in CHECKS:
        findings += check(doc)
    return sort_lint(findings), kind_of(doc)


def _not_regular(name: str) -> str | None:
    """Why `name` is not a regular file to read (a pipe would block, a device never ends)."""
    try:
        st = os.stat(name)
    except FileNotFoundError:
        return "是失效的符号链接（目标不存在）" if os.path.islink(name) else "文件不存在"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "是循环的符号链接，无法打开"
        return f"无法访问（{exc.strerror or type(exc).__name__}）"
    if not stat.S_ISREG(st.st_mode):
        return "不是普通文件（是文件夹、管道或设备文件），未读取"
    if st.st_size > MAX_FILE_BYTES:
        return f"文件超过 {MAX_FILE_BYTES >> 20} MB，不像是一份公文，未读取"
    return None


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the .docx files under it (Word's ~$ lock files
    left out; links are not followed into other folders, and a link to a file outside
    the folder is listed so that lint_file reports it). A path that does not exist is
    an InputError."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise InputError(
            f"找不到 {'、'.join(missing)}。请检查路径是否写对"
            "（可以给出 .docx、.doc、.wps、.ofd 文件或包含它们的文件夹）。"
        )
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir() and not p.is_symlink():
            out += _docx_under(p)
        else:
            out.append(p)
    return out


def _docx_under(folder: Path) -> list[Path]:
    """The .docx, .doc, .wps and .ofd names under `folder` (no link followed, hidden
    folders such as docgen's out/.cache left out), sorted; a stack, not recursion:
    a tree 2,000 folders deep is no RecursionError."""
    found: list[Path] = []
    stack = [str(folder)]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            try:
                is_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if not e.name.startswith("."):  # out/.cache holds converted .doc copies
                    stack.append(e.path)
            elif e.name.lower().endswith(CHECKED) and not e.name.startswith("~$"):
                found.append(Path(e.path))
    return sorted(found)


def _leaving(paths: list[Path], files: list[Path]) -> set[str]:
    """The files that are links found in a folder given and pointing out of it."""
    folders = [Path(p) for p in paths if Path(p).is_dir() and not Path(p).is_symlink()]
    out = set()
    for f in files:
        if not f.is_symlink():
            continue
        for folder in folders:
            if f.is_relative_to(folder):
                try:
                    inside = Path(os.path.realpath(f)).is_relative_to(os.path.realpath(folder))
                except (OSError, ValueError):
                    inside = False
                if not inside:
                    out.add(str(f))
                break
    return out


def lint_paths(paths: list[Path]) -> list[Finding]:
    files = expand(paths)
    return lint_files(files, _leaving(paths, files))


def lint_files(
    files: list[Path],
    leaving: set[str] = frozenset(),
    kinds: dict[str, str] | None = None,
    layout: bool = True,
) -> list[Finding]:
    """lint_file for each file, in worker processes (see pool.run); a file that makes
    its worker run out of time or memory, or crash, is one format.unreadable finding,
    and so is a link in `leaving` (never read). `kinds`, when given, receives each
    checked file's kind (lint/kind.py). With `layout`, the laid-out page too (lint/page.py)."""
    kinds = {} if kinds is None else kinds
    findings: list[Finding] = [unreadable(name, LEAVES) for name in sorted(leaving)]
    names = [str(f) for f in files if str(f) not in leaving]
    old, refused = _prechecked([n for n in names if convert.convertible(n)])
    findings += refused
    names = [n for n in names if n not in {f.file for f in refused}]
    with convert.converted(old) as (done, failed):
        findings += failed
        checked = [n for n in names if n not in old or n in done]
        given = {done.get(n, n): n for n in checked}
        paths = [done.get(n, n) for n in checked]
        for i, result in pool.run(paths, lint_file_kind):
            name = given[paths[i]]
            if isinstance(result, pool.Failed):
                findings.append(unreadable(name, FAILURES.get(result.kind, FAILURES["error"])))
                continue
            findings += convert.renamed(result[0], paths[i], name)
            if result[1] is not None:
                kinds[name] = result[1]
        if layout:
            findings += _laid_out(paths, given, findings)
    return sort_lint(findings)


def _prechecked(names: list[str]) -> tuple[list[str], list[Finding]]:
    """The .doc/.wps to convert, and a finding for each refused (convert.precheck, in
    worker processes: the files are read)."""
    ok, refused = [], []
    for i, result in pool.run(names, convert.precheck):
        if isinstance(result, pool.Failed):
            refused.append(unreadable(names[i], FAILURES.get(result.kind, FAILURES["error"])))
        elif result is not None:
            refused.append(unreadable(names[i], result))
        else:
            ok.append(names[i])
    return sorted(ok), refused


def sort_lint(findings: list[Finding]) -> list[Finding]:
    """By file, then paragraph (document-level findings first), then rule and text."""
    return sorted(findings, key=lambda f: (f.file or "", f.row or 0, f.rule, f.severity, f.message))


def _laid_out(paths: list[str], given: dict[str, str], findings: list[Finding]) -> list[Finding]:
    """The page checks for the files the other checks could read, each finding naming
    the file given (a .doc is laid out from its converted copy)."""
    unread = {f.file for f in findings if f.rule == "format.unreadable"}
    todo = [p for p in paths if given[p] not in unread]
    said = {(f.file, f.rule) for f in findings}
    out: list[Finding] = []
    for f in page_findings(todo):
        name = given.get(f.file or "", f.file or "")
        if not _repeats(f, name, said):
            out += convert.renamed([f], f.file or "", name) if name != f.file else [f]
    return out


# a page finding that measures what a finding on the .docx already says, said once
_REPEATS = {
    "format.first-page-number": "format.page-number",  # titlePg without a first footer
    "format.grid": "format.line-spacing",  # lines a page, when the line spacing is off
}


def _repeats(f: Finding, name: str, said: set[tuple[str | None, str]]) -> bool:
    text_rule = _REPEATS.get(f.rule)
    if text_rule is None or (name, text_rule) not in said:
        return False
    return f.rule != "format.grid" or f.expected == spec.LINES_PER_PAGE


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.severity == ERROR for f in findings) else 0


def run_lint(paths: list[Path], fmt: str = "table", layout: bool = True) -> tuple[str, int]:
    """What `docgen lint PATH… --format F [--no-layout]` prints and its exit status (0 no
    errors, 1 errors); a path that does not exist raises InputError (exit status 2)."""
    files = expand(paths)
    kinds: dict[str, str] = {}
    findings = lint_files(files, _leaving(paths, files), kinds, layout)
    return report(findings, fmt, files=[str(f) for f in files], kinds=kinds), exit_code(findings)
