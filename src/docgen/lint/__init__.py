"""`docgen lint`: check .docx files against GB/T 9704-2012 (docgen.gbt9704.spec).

`lint_file(path)` never raises on a bad file: a .doc, a zip bomb, a damaged or
encrypted file gives one `format.unreadable` finding. `lint_paths(paths)` raises
InputError (exit status 2) for a path that does not exist. Exit status for the CLI:
`exit_code(findings)` → 0 no errors, 1 errors.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..findings import ERROR, Finding
from ..inspect.formats import inspect_file
from .base import Doc
from .checks import CHECKS
from .docx_view import open_docx
from .output import report
from .zones import zones

RULES = ["format.unreadable", *CHECKS]

__all__ = ["RULES", "exit_code", "expand", "lint_file", "lint_paths", "report", "run_lint",
           "sort_lint"]


def unreadable(path: str, reason: str) -> Finding:
    return Finding("format.unreadable", ERROR,
                   f"{path} 无法检查：{reason}。请用 Word 或 WPS 打开确认，另存为 .docx 后再检查。",
                   file=path, value=reason, expected=".docx")


def _not_docx(detected: str) -> str:
    if detected in ("doc", "cfb"):
        return "这是 Word 97-2003 格式（.doc），不是 .docx"
    return f"文件内容不是 .docx（识别为 {detected}）"


def lint_file(path: str | Path) -> list[Finding]:
    """All findings for one file, sorted; `file` is the path as given."""
    name = str(path)
    ext = Path(name).suffix.lower().lstrip(".")
    inspection = inspect_file(name, ext)
    if inspection.status != "ok":
        return [unreadable(name, inspection.reason or inspection.status)]
    if inspection.detected != "docx":
        return [unreadable(name, _not_docx(inspection.detected))]
    try:
        view = open_docx(name)
    except Exception as exc:  # noqa: BLE001 -- any damage in the package: one finding
        return [unreadable(name, f"文件已损坏（{type(exc).__name__}）")]
    title, body = zones(view)
    doc = Doc(name, view, title, body)
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings += check(doc)
    return sort_lint(findings)


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the .docx files under it (Word's ~$ lock files
    left out). A path that does not exist is an InputError."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"找不到 {'、'.join(missing)}。请检查路径是否写对"
                         "（可以给出 .docx 文件或包含 .docx 的文件夹）。")
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() == ".docx"
                          and f.is_file() and not f.name.startswith("~$"))
        else:
            out.append(p)
    return out


def lint_paths(paths: list[Path]) -> list[Finding]:
    findings: list[Finding] = []
    for path in expand(paths):
        findings += lint_file(path)
    return sort_lint(findings)


def sort_lint(findings: list[Finding]) -> list[Finding]:
    """By file, then paragraph (document-level findings first), then rule and text."""
    return sorted(findings, key=lambda f: (f.file or "", f.row or 0, f.rule, f.severity,
                                           f.message))


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.severity == ERROR for f in findings) else 0


def run_lint(paths: list[Path], fmt: str = "table") -> tuple[str, int]:
    """What `docgen lint PATH… --format F` prints and its exit status (0 no errors,
    1 errors); a path that does not exist raises InputError (exit status 2)."""
    files = expand(paths)
    findings: list[Finding] = []
    for path in files:
        findings += lint_file(path)
    findings = sort_lint(findings)
    return report(findings, fmt, files=[str(f) for f in files]), exit_code(findings)
