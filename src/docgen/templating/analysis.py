"""Reading a .docx template before anything is rendered (the sandbox it renders in is
sandbox.py).

`load_template` reads the template's bytes (a regular file of sane size, a real .docx
package: no .doc renamed, no password, no zip bomb, no DTD), then — in a worker
process with a time limit and a memory ceiling (limits.py) — parses the XML docxtpl
renders (body, headers, footers and the core properties, after docxtpl's own tag
clean-up, on a fresh DocxTemplate), refuses a template that reaches for Python
internals (`_` attributes) or other files (sandbox.refuse_unsafe), and lists the
fields it reads — nested keys included, which
DocxTemplate.get_undeclared_template_variables leaves out (docxtpl #538) — and the
ones it only tests (`x is defined`, `x|default`), which it may go without.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from docx.oxml.ns import nsmap
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, meta, nodes

from ..errors import InputError, read_reason
from ..inspect.formats import DTD, inspect_file, too_big, xml_with_dtd, zip_kind
from ..zipfix import ZIP_ERRORS
from .limits import TooLarge, bounded
from .sandbox import Sandbox, make_env, refuse_unsafe

PARTS = ("正文", "页眉", "页脚", "脚注")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

# Importing docxtpl imports docxcompose, which rebinds python-docx's "cp" prefix to the
# custom-properties namespace for the whole process: every document saved afterwards
# (ours, the demo's) would get lastModifiedBy/revision in docProps/core.xml in the
# wrong namespace. Bind it back; docxcompose's own lookups use its own table.
nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


MAX_TEMPLATE_BYTES = 64 << 20  # the .docx file, pictures included
MAX_XML_BYTES = 16 << 20  # its XML parts, inflated (a long template's body is ~1 MiB)
MAX_PARTS = 2_000


# ---------------------------------------------------------------- reading a template


@dataclass
class Template:
    id: str
    path: Path
    source: str  # builtin | project | file
    blob: bytes
    title: str = ""
    fields: set[str] = field(default_factory=set)  # top-level names the template reads
    paths: list[tuple[Any, ...]] = field(default_factory=list)  # (root, key, key…) it reads
    optional: set[tuple[Any, ...]] = field(
        default_factory=set
    )  # tested with `is defined` / default
    chains: set[tuple[Any, ...]] = field(
        default_factory=set
    )  # every a.b.c read, loop variables too
    env: Sandbox = field(default_factory=make_env, repr=False)

    @property
    def label(self) -> str:
        return f"{self.id}（{self.path}）"

    def __getstate__(self) -> dict[str, Any]:
        """Pickled for a spawned worker: the sandbox is the same for every template
        (make_env) and holds locks, so it is made afresh there."""
        return {k: v for k, v in self.__dict__.items() if k != "env"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, env=make_env())

    def needs(self, name: str) -> bool:
        return name in self.fields

    def may_omit(self, path: tuple[Any, ...]) -> bool:
        """Whether the template tests the field (or one above it) before using it."""
        return any(path[: len(o)] == o for o in self.optional)


def load_template(template_id: str, path: Path, source: str) -> Template:
    """The template at `path`, read and analysed; an InputError naming it when it
    cannot be used."""
    tpl = Template(template_id, Path(path), source, b"")
    tpl.blob = _read(tpl)
    _check_package(tpl)
    title, names, paths, optional, chains = bounded(
        partial(_analyse, tpl), f"读取模板 {tpl.label} "
    )
    tpl.title, tpl.paths, tpl.optional, tpl.chains = title, paths, optional, chains
    tpl.fields = {n for n in names if n not in tpl.env.globals}
    return tpl


def _read(tpl: Template) -> bytes:
    """The file's bytes: a regular file (not a pipe, a device or a folder) of at most
    MAX_TEMPLATE_BYTES; a project template must not be a link out of the project."""
    path = tpl.path
    if tpl.source == "project":
        try:
            inside = path.resolve().is_relative_to(path.parent.parent.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            raise InputError(
                f"模板 {tpl.label} 是指向项目文件夹以外的链接，"
                "docgen 不会读取它。请把模板文件本身放进 templates/ "
                "文件夹。"
            )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"无法读取模板 {tpl.label}：{_os_reason(exc)}。") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"模板 {tpl.label} 不是普通文件（是文件夹、管道或设备文件），docgen 不会读取它。"
            )
        if st.st_size > MAX_TEMPLATE_BYTES:
            raise InputError(
                f"模板 {tpl.label} 超过 {MAX_TEMPLATE_BYTES >> 20} "
                "MB，不像是公文模板。请压缩其中的图片后重试。"
            )
        try:
            return fh.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"无法读取模板 {tpl.label}：{_os_reason(exc)}。") from None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件不存在（或是失效的链接）"
    return read_reason(exc)


def _check_package(tpl: Template) -> None:
    """A real .docx of sane size, judged from the zip's central directory before anything
    is inflated; no DTD in its XML (Word never writes one; an entity is an attack)."""
    resave = "请用 Word 或 WPS 打开后另存为 .docx（Word 文档）。"
    if not tpl.blob:
        raise InputError(f"模板 {tpl.label} 是空文件（0 字节）。{resave}")
    try:
        with zipfile.ZipFile(io.BytesIO(tpl.blob)) as zf:
            infos = zf.infolist()
            kind = zip_kind({i.filename for i in infos})
            if kind != "docx":
                raise InputError(
                    f"模板 {tpl.label} 不是 Word 文档（文件内容是 {kind} 压缩包）。{resave}"
                )
            xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
            if (
                len(infos) > MAX_PARTS
                or too_big(infos)
                or sum(i.file_size for i in xml) > MAX_XML_BYTES
            ):
                raise InputError(
                    f"模板 {tpl.label} 解压后过大或部件过多（疑似压缩炸弹）"
                    f"，docgen 没有解压它。{resave}"
                )
            if any(i.flag_bits & 0x1 for i in infos):
                raise InputError(f"模板 {tpl.label} 设有密码。请取消密码后另存为 .docx。")
            with_dtd = xml_with_dtd(zf)
            if with_dtd:
                raise InputError(f"模板 {tpl.label} 的 {with_dtd} {DTD}。{resave}")
    except InputError:
        raise
    except (*ZIP_ERRORS, OSError, RuntimeError):
        inspection = inspect_file(str(tpl.path), "docx")
        reason = inspection.reason if inspection.status != "ok" else "文件已损坏"
        raise InputError(f"模板 {tpl.label} 无法作为 Word 文档打开：{reason}。{resave}") from None


def _analyse(tpl: Template) -> tuple[str, set[str], list, set, set]:
    """(title, names read, paths, optional, chains), in a worker (see load_template)."""
    docx = _open(tpl)
    title = docx.docx.core_properties.title or ""
    names: set[str] = set()
    paths: list[tuple[Any, ...]] = []
    optional: set[tuple[Any, ...]] = set()
    chains: set[tuple[Any, ...]] = set()
    for part, xml in parts(docx):
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # one paragraph per line, as docxtpl renders
        ast = _parse(tpl, part, xml)
        refuse_unsafe(tpl, ast)
        try:
            found = meta.find_undeclared_variables(ast)
        except TemplateSyntaxError as exc:  # an unknown filter or test, found while compiling
            raise syntax_error(tpl, part, exc, xml) from None
        except (RecursionError, TooLarge, ValueError, OverflowError, TemplateError) as exc:
            raise too_complex(tpl, part, exc) from None
        names |= found
        paths += [p for p in _paths(ast, found) if p not in paths]
        optional |= _optional(ast)
        chains |= {c for c in map(chain, ast.find_all((nodes.Getattr, nodes.Getitem))) if c}
    return title, names, paths, optional, chains


def too_complex(tpl: Template, part: str, exc: BaseException) -> InputError:
    what = "嵌套层数过多" if isinstance(exc, RecursionError) else f"{exc}"[:200]
    return InputError(
        f"模板 {tpl.label} 的{part}无法解析（{what}）。请简化其中的模板标签和表达式。"
    )


def _open(tpl: Template) -> DocxTemplate:
    if not zipfile.is_zipfile(io.BytesIO(tpl.blob)):
        raise InputError(
            f"模板 {tpl.label} 不是 .docx 文件（Word 2007 及以后的格式）"
            "。请用 Word 或 WPS 另存为 .docx。"
        )
    docx = DocxTemplate(io.BytesIO(tpl.blob))
    try:
        docx.init_docx()
    except Exception as exc:  # noqa: BLE001 — python-docx raises many kinds for a broken package
        raise InputError(
            f"模板 {tpl.label} 无法作为 Word 文档打开（{type(exc).__name__}）"
            "。请用 Word 或 WPS 打开后另存为 .docx。"
        ) from None
    return docx


def parts(docx: DocxTemplate) -> list[tuple[str, str]]:
    """(part name, XML) of what docxtpl renders, cleaned the way it cleans them."""
    body = docx.docx._element.body
    out = [(PARTS[0], docx.patch_xml(docx.xml_to_string(body)))]
    for name, uri in ((PARTS[1], docx.HEADER_URI), (PARTS[2], docx.FOOTER_URI)):
        for _key, part in docx.get_headers_footers(uri):
            out.append((name, docx.patch_xml(docx.get_part_xml(part))))
    for part in docx.docx.part.package.parts:  # docxtpl renders the footnotes' raw text
        if part.content_type == FOOTNOTES:
            out.append((PARTS[3], docx.patch_xml(part.blob.decode("utf-8", "replace"))))
    props = docx.docx.core_properties
    texts = [
        props.title,
        props.subject,
        props.author,
        props.comments,
        props.identifier,
        props.language,
    ]
    out.append(("文档属性", "\n".join(t for t in texts if t)))
    return out


def _parse(tpl: Template, part: str, xml: str) -> nodes.Template:
    try:
        return tpl.env.parse(xml)
    except TemplateSyntaxError as exc:
        raise syntax_error(tpl, part, exc, xml) from None
    except (RecursionError, ValueError, OverflowError) as exc:  # (((…))) or a 5,000-digit number
        raise too_complex(tpl, part, exc) from None


def syntax_error(tpl: Template, part: str, exc: TemplateSyntaxError, xml: str) -> InputError:
    lines = xml.splitlines()
    line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
    text = re.sub(r"<[^>]+>", "", line).strip()[:80]
    return InputError(
        f"模板 {tpl.label} 的{part}中有写错的模板标签（{_syntax_cn(exc.message)}），"
        f"所在段落：“{text}”。请检查 {{{{ }}}} 和 {{% %}} 是否成对、拼写是否正确。"
    )


def _syntax_cn(message: str | None) -> str:
    message = message or ""
    m = re.search(
        r"Unexpected end of template. Jinja was looking for the following tags: '(\w+)'", message
    )
    if m:
        return f"缺少 {{% {m.group(1)} %}}"
    m = re.search(r"Encountered unknown tag '(\w+)'", message)
    if m:
        return f"不认识的标签 {m.group(1)}，或与它配对的开始标签缺失"
    m = re.search(r"No (filter|test) named '([^']+)'", message)
    if m:
        return f"没有名为 {m.group(2)} 的{'过滤器' if m.group(1) == 'filter' else '测试'}"
    return message[:200]


def _paths(ast: nodes.Template, roots: set[str]) -> list[tuple[Any, ...]]:
    """The dotted keys read from context names (`meeting.time`), skipping names the
    template itself assigns (loop variables, set, macro arguments)."""
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    out: list[tuple[Any, ...]] = []
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        path = chain(node)
        if path and path[0] in roots and path[0] not in assigned and path not in out:
            out.append(path)
    return out


def _optional(ast: nodes.Template) -> set[tuple[Any, ...]]:
    """Names and keys the template tests (`x is defined`) or defaults (`x|default(…)`):
    a template may leave them out."""
    out = set()
    for node in ast.find_all((nodes.Test, nodes.Filter)):
        if (isinstance(node, nodes.Test) and node.name in ("defined", "undefined")) or (
            isinstance(node, nodes.Filter) and node.name in ("default", "d")
        ):
            found = chain(node.node)
            if found:
                out.add(found)
    return out


def chain(node: nodes.Node) -> tuple[Any, ...] | None:
    keys: list[Any] = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            keys.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            keys.append(node.arg.value)
        else:
            keys.clear()  # a computed key: check only what is before it
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    return (node.name, *reversed(keys))
