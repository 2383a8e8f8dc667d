"""Reading a .docx template before anything is rendered, and the sandbox it renders in.

`load_template` parses the XML docxtpl renders (body, headers, footers and the core
properties, after docxtpl's own tag clean-up, on a fresh DocxTemplate), refuses a
template that reaches for Python internals (`_` attributes) or other files
(include/import/extends), and lists the fields it reads — nested keys included,
which DocxTemplate.get_undeclared_template_variables leaves out (docxtpl #538) — and
the ones it only tests (`x is defined`, `x|default`), which it may go without.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import nsmap
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import InputError
from .filters import FILTERS, GLOBALS

PARTS = ("正文", "页眉", "页脚")

# Importing docxtpl imports docxcompose, which rebinds python-docx's "cp" prefix to the
# custom-properties namespace for the whole process: every document saved afterwards
# (ours, the demo's) would get lastModifiedBy/revision in docProps/core.xml in the
# wrong namespace. Bind it back; docxcompose's own lookups use its own table.
nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


class EmptyValue(TemplateError):
    """A `{{ }}` printed None: a field present but empty."""


def _finalize(value: Any) -> Any:
    if value is None:
        raise EmptyValue("值为空")
    return value


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, remembering what it compiled: docxtpl compiles every part of the
    document again for each render, and --each unit renders one template many times."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) >= 64:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


def make_env() -> Sandbox:
    """The sandbox templates render in: no `_` attributes, no changes to the data, no
    other files (there is no loader), missing fields raise."""
    env = Sandbox(undefined=StrictUndefined, autoescape=True, finalize=_finalize)
    env.filters.update(FILTERS)
    env.filters["doc_no"] = GLOBALS["doc_no"]
    env.globals.update(GLOBALS)
    return env


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
    optional: set[tuple[Any, ...]] = field(default_factory=set)  # tested with `is defined` / default
    chains: set[tuple[Any, ...]] = field(default_factory=set)  # every a.b.c read, loop variables too
    env: Sandbox = field(default_factory=make_env, repr=False)

    @property
    def label(self) -> str:
        return f"{self.id}（{self.path}）"

    def needs(self, name: str) -> bool:
        return name in self.fields

    def may_omit(self, path: tuple[Any, ...]) -> bool:
        """Whether the template tests the field (or one above it) before using it."""
        return any(path[: len(o)] == o for o in self.optional)


def load_template(template_id: str, path: Path, source: str) -> Template:
    try:
        blob = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取模板 {template_id}（{path}）：{exc.strerror or exc}。") from None
    tpl = Template(template_id, Path(path), source, blob)
    docx = _open(tpl)
    tpl.title = docx.docx.core_properties.title or ""
    names: set[str] = set()
    for part, xml in parts(docx):
        ast = _parse(tpl, part, xml)
        _refuse_unsafe(tpl, ast)
        found = meta.find_undeclared_variables(ast)
        names |= found
        tpl.paths += _paths(ast, found)
        tpl.optional |= _optional(ast)
        tpl.chains |= {c for c in map(chain, ast.find_all((nodes.Getattr, nodes.Getitem))) if c}
    tpl.fields = {n for n in names if n not in tpl.env.globals}
    return tpl


def _open(tpl: Template) -> DocxTemplate:
    if not zipfile.is_zipfile(io.BytesIO(tpl.blob)):
        raise InputError(f"模板 {tpl.label} 不是 .docx 文件（Word 2007 及以后的格式）。请用 Word 或 WPS 另存为 .docx。")
    docx = DocxTemplate(io.BytesIO(tpl.blob))
    try:
        docx.init_docx()
    except Exception as exc:  # noqa: BLE001 — python-docx raises many kinds for a broken package
        raise InputError(f"模板 {tpl.label} 无法作为 Word 文档打开（{type(exc).__name__}）。请用 Word 或 WPS 打开后另存为 .docx。") from None
    return docx


def parts(docx: DocxTemplate) -> list[tuple[str, str]]:
    """(part name, XML) of what docxtpl renders, cleaned the way it cleans them."""
    body = docx.docx._element.body
    out = [(PARTS[0], docx.patch_xml(docx.xml_to_string(body)))]
    for name, uri in ((PARTS[1], docx.HEADER_URI), (PARTS[2], docx.FOOTER_URI)):
        for _key, part in docx.get_headers_footers(uri):
            out.append((name, docx.patch_xml(docx.get_part_xml(part))))
    props = docx.docx.core_properties
    texts = [props.title, props.subject, props.author, props.comments]
    out.append(("文档属性", "\n".join(t for t in texts if t)))
    return out


def _parse(tpl: Template, part: str, xml: str) -> nodes.Template:
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # one paragraph per line, as docxtpl renders
    try:
        return tpl.env.parse(xml)
    except TemplateSyntaxError as exc:
        lines = xml.splitlines()
        line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
        text = re.sub(r"<[^>]+>", "", line).strip()[:80]
        raise InputError(
            f"模板 {tpl.label} 的{part}中有写错的模板标签（{_syntax_cn(exc.message)}），"
            f"所在段落：“{text}”。请检查 {{{{ }}}} 和 {{% %}} 是否成对、拼写是否正确。"
        ) from None


def _syntax_cn(message: str | None) -> str:
    message = message or ""
    m = re.search(r"Unexpected end of template. Jinja was looking for the following tags: '(\w+)'", message)
    if m:
        return f"缺少 {{% {m.group(1)} %}}"
    m = re.search(r"Encountered unknown tag '(\w+)'", message)
    if m:
        return f"不认识的标签 {m.group(1)}，或与它配对的开始标签缺失"
    return message


def _refuse_unsafe(tpl: Template, ast: nodes.Template) -> None:
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Include,
                              nodes.Import, nodes.FromImport, nodes.Extends)):
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            raise InputError(f"模板 {tpl.label} 试图引用其他文件（include/import/extends），已拒绝。模板只能使用项目数据和 --data 中的字段。")
        name = _unsafe_name(node)
        if name is not None:
            raise internals_refused(tpl, name)


def _unsafe_name(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return node.attr
    if (isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str) and node.arg.value.startswith("_")):
        return node.arg.value
    if isinstance(node, nodes.Filter) and node.name == "attr":
        for arg in node.args:
            if isinstance(arg, nodes.Const) and str(arg.value).startswith("_"):
                return str(arg.value)
    return None


def security_error(tpl: Template, exc: SecurityError) -> InputError:
    m = re.search(r"attribute '([^']+)'", str(exc))
    name = m.group(1) if m else str(exc)
    if name.startswith("_") or m is None:
        return internals_refused(tpl, name)
    return InputError(
        f"模板 {tpl.label} 试图修改数据或调用不允许的方法（{name}），已拒绝。"
        "模板只能读取项目数据和 --data 中的字段，不能改动它们。请删除这部分内容。"
    )


def internals_refused(tpl: Template, what: str) -> InputError:
    return InputError(
        f"模板 {tpl.label} 试图访问 Python 内部属性（{what}），已拒绝。"
        "模板中只能使用项目数据和 --data 中的字段，不能使用以下划线开头的属性。请删除这部分内容。"
    )


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
                isinstance(node, nodes.Filter) and node.name in ("default", "d")):
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
