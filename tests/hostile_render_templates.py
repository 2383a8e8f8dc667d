"""The hostile render cases, part one: project templates that attack the sandbox
(internals, endless loops, huge values, other files) or are no .docx at all."""

from __future__ import annotations

import functools
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from hostile import (
    Run,
    docx_bomb,
    docx_xxe,
    link,
    lying_zip,
    mkfifo,
    ole_bytes,
    overlap_bomb,
    raw_xlsx,
    sheet_xml,
    truncated,
    zip_bytes,
)
from hostile_render_base import (
    FAST,
    put_template,
    template_bytes,
)

# ---------------------------------------------------------------- the cases


@dataclass
class RenderCase:
    """A hostile change to the base project (in home/项目; home/外面 lies beside it)
    and the render command run on it (`{root}` and `{home}` filled in).

    refuse: exit status 2, stderr names this (and says `words` when given).
    made: exit status 0, and these globs (relative to home) each match valid .docx
    files without a template tag left. either: refused as above, or made as above."""

    id: str
    build: Callable[[Path], Any]
    args: tuple[str, ...] = ("render", "evil", "{root}")
    refuse: str | None = None
    words: str | None = None
    made: tuple[str, ...] = ()
    either: bool = False
    check: Callable[[Path, Run], None] | None = None
    skip: tuple[str, ...] = ()  # more paths (relative to home) the command may write
    env: dict[str, str] = field(default_factory=lambda: dict(FAST))


def _tpl(data: bytes | str | Callable[[], bytes], name: str = "evil") -> Callable[[Path], None]:
    return lambda root: put_template(root, data() if callable(data) else data, name)


OUT = ("项目/out/evil-*.docx",)
INTERNALS = "Python 内部属性"
STOPPED = "已停止"
TOO_BIG = "过大"
RENDERS = ""  # in place of what a refusal says: the template renders

# name: (template text, what the refusal says or RENDERS, when: "load" — refused on
# reading the template, so `docgen templates` says so too — or "render"; through the
# CLI too). Every one is rendered in-process (test_expression); the CLI ones as well.
EXPRESSIONS: dict[str, tuple[str, str, str, bool]] = {
    "mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", INTERNALS, "load", True),
    "globals": (
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        INTERNALS,
        "load",
        False,
    ),
    "attr-filter": ("{{ ''|attr('__class__') }}", INTERNALS, "load", False),
    "getitem": ("{{ units['__class__'] }}", INTERNALS, "load", False),
    "format-field": ("{{ '{0.__class__}'.format(1) }}", INTERNALS, "render", False),
    "underscore": ("{{ city._profile }}", INTERNALS, "load", False),
    "map-attribute": ("{{ units|map(attribute='__class__')|list }}", INTERNALS, "load", False),
    "map-attr": ("{{ [1]|map('attr', '__class__')|list }}", INTERNALS, "load", False),
    "sort-attribute": (
        "{{ units|sort(attribute='__init__.__globals__')|list }}",
        INTERNALS,
        "load",
        False,
    ),
    "self": ("{{ self._TemplateReference__context }}", INTERNALS, "load", False),
    "escaped-name": ("{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", INTERNALS, "load", False),
    "computed-name": (
        "{% set n = '_' ~ '_class_' ~ '_' %}{{ ''|attr(n) }}{{ city[n] }}",
        INTERNALS,
        "render",
        False,
    ),
    "namespace-name": (
        "{% set ns = namespace() %}{% set ns.__class__ = 1 %}",
        INTERNALS,
        "load",
        False,
    ),
    "mutate": (
        "{{ units.append(1) }}{{ city.update({'name': 'x'}) }}",
        "修改数据",
        "render",
        False,
    ),
    "include": ("{% include '../docgen.yaml' %}", "引用其他文件", "load", True),
    "import": ("{% import 'x.docx' as x %}{{ x }}", "引用其他文件", "load", False),
    "extends": ("{% extends '/etc/passwd' %}", "引用其他文件", "load", False),
    "range": ("{% for x in range(10**9) %}x{% endfor %}", "range", "render", True),
    "nested-loops": (
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        STOPPED,
        "render",
        True,
    ),
    "string-times": ("{{ 'a' * 10**9 }}", TOO_BIG, "render", True),
    "list-times": ("{{ [1, 2] * 10**9 }}", TOO_BIG, "render", False),
    "power": ("{{ 2 ** 10000000 }}", TOO_BIG, "render", True),
    "printf-width": ("{{ '%999999999s' % 1 }}", TOO_BIG, "render", False),
    "format-width": ("{{ '{:>999999999}'.format(1) }}", TOO_BIG, "render", True),
    "format-filter": ("{{ '%999999999d'|format(1) }}", TOO_BIG, "render", False),
    "center": ("{{ 'a'|center(999999999) }}", TOO_BIG, "render", False),
    "indent": ("{{ 'a\nb'|indent(999999999) }}", TOO_BIG, "render", False),
    "replace": ("{{ ('a' * 999999)|replace('', 'b' * 999999) }}", TOO_BIG, "render", False),
    "lipsum": ("{{ lipsum(100000) }}", TOO_BIG, "render", False),
    "slice": ("{{ [1]|slice(999999999)|list }}", TOO_BIG, "render", False),
    "doubling": (
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}{{ ns.s|length }}"
        ),
        STOPPED,
        "render",
        True,
    ),
    "macro-recursion": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "递归",
        "render",
        True,
    ),
    "loop-recursion": (
        "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
        "递归",
        "render",
        False,
    ),
    "unclosed": ("{% if title %}开始", "标签", "load", False),
    "unknown-filter": ("{{ title|nosuch }}", "nosuch", "load", False),
    "digits": ("{{ " + "9" * 5000 + " }}", "无法解析", "load", False),
    "deep-brackets": ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "无法解析", "load", False),
    "tag-storm": (
        "{{ a " * 20000,
        STOPPED,
        "load",
        True,
    ),  # docxtpl's tag clean-up is quadratic here
    "tag-in-output": ("{{ '{{ x }}' }}", "未处理的模板标签", "render", True),
    "undefined": ("{{ nosuch.field }}", "nosuch", "render", False),
    "divide-by-zero": ("{{ 1 / 0 }}", "division", "render", False),
    "wordwrap-int": ("{{ 5|wordwrap(1) }}", "渲染时出错", "render", False),
    "raw-xml": ("{{ '</w:t></w:r></w:p><w:p><w:r><w:t>' | safe }}", RENDERS, "render", True),
    "doctype-text": (
        "{{ '<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;' }}",
        RENDERS,
        "render",
        False,
    ),
    "harmless": (
        (
            "{{ title }}{{ 1 + 1 }}{{ '%5s'|format('a') }}{{ 'ab'|center(10) }}{{ 2 ** 10 }}"
            "{{ range(5)|join(',') }}{{ 'ab' * 3 }}{{ lipsum(2) }}"
        ),
        RENDERS,
        "render",
        True,
    ),
}
DATA_ARGS = ("--data", "{root}/render/data.yaml")


def _expression_case(name: str, text: str, words: str) -> RenderCase:
    args = ("render", "evil", "{root}", *DATA_ARGS)
    if words == RENDERS:
        return RenderCase(f"tpl-{name}", _tpl(text), args, made=OUT)
    return RenderCase(f"tpl-{name}", _tpl(text), args, refuse="evil", words=words)


def _split_tag() -> bytes:
    """{{ title }} split over three runs with different formatting, as Word leaves it."""
    d = docx.Document()
    p = d.add_paragraph()
    for text, bold in (("{", False), ("{ ti", True), ("tle }}", False)):
        p.add_run(text).bold = bold
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@functools.cache
def _huge_xml() -> bytes:
    """A template whose body inflates to 17 MiB of text that hardly compresses (no bomb
    by ratio, only too big to be a template)."""
    text = os.urandom(17 << 19).hex().encode()
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    return _replace_part(template_bytes("x"), "word/document.xml", body)


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_bytes([(n, content if n == name else src.read(n)) for n in src.namelist()], level=6)


@functools.cache
def _billion_laughs() -> bytes:
    xml = docx_xxe()
    return _replace_part(
        template_bytes("{{ title }}"),
        "word/document.xml",
        zipfile.ZipFile(io.BytesIO(xml)).read("word/document.xml"),
    )


@functools.cache
def _many_parts() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(template_bytes("x")))
    members = [(n, src.read(n)) for n in src.namelist()]
    return zip_bytes(members + [(f"word/media/p{i}.xml", b"<a/>") for i in range(3000)])


@functools.cache
def _footnote(text: str = "{{ ''.__class__.__mro__ }}") -> bytes:
    """A template whose footnotes (which docxtpl renders too) reach for internals."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    src = zipfile.ZipFile(io.BytesIO(template_bytes("{{ title }}")))
    members = {n: src.read(n) for n in src.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    members["word/footnotes.xml"] = (
        f'<w:footnotes {w}><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    ).encode()
    return zip_bytes(list(members.items()))


def _truncated(root: Path, name: str) -> None:
    truncated(put_template(root, template_bytes("{{ title }}" * 200), name))


def _outside_link(root: Path, name: str) -> None:
    outside = root.parent / "外面" / f"{name}.docx"
    outside.write_bytes(template_bytes("{{ city.name }}"))
    link(outside, root / "templates" / f"{name}.docx")


def _bytes(make: bytes | Callable[[], bytes]) -> Callable[[Path, str], None]:
    return lambda root, name: put_template(root, make() if callable(make) else make, name)


def _special(make: Callable[[Path], None]) -> Callable[[Path, str], None]:
    return lambda root, name: make(root / "templates" / f"{name}.docx")


NOT_LISTED = (
    None  # not a regular file: `docgen templates` leaves it out, render knows no such template
)
# name: (build(root, template name), what the refusal says, through the CLI too)
TEMPLATE_FILES: dict[str, tuple[Callable[[Path, str], None], str | None, bool]] = {
    "zip-bomb": (_bytes(functools.cache(docx_bomb)), "压缩炸弹", True),
    "overlapping-bomb": (_bytes(functools.cache(overlap_bomb)), "压缩炸弹", False),
    "lying-sizes": (_bytes(functools.cache(lying_zip)), "无法作为 Word 文档打开", False),
    "really-doc": (_bytes(ole_bytes("WordDocument", "1Table")), ".doc", True),
    "encrypted": (_bytes(ole_bytes("EncryptionInfo", "EncryptedPackage")), "密码", False),
    "truncated": (_truncated, "无法作为 Word 文档打开", False),
    "zero-bytes": (_bytes(b""), "空文件", False),
    "text": (_bytes(b"{{ title }}\n"), "无法作为 Word 文档打开", False),
    "xlsx-renamed": (
        _bytes(lambda: raw_xlsx([("S", sheet_xml([(1, ["x"])]), False)])),
        "不是 Word 文档",
        False,
    ),
    "xxe-and-laughs": (_bytes(_billion_laughs), "DTD", True),
    "huge-xml": (_bytes(_huge_xml), "过大", False),
    "3000-parts": (_bytes(_many_parts), "过大", False),
    "link-outside": (_outside_link, "项目文件夹以外", True),
    "footnote-internals": (_bytes(_footnote), INTERNALS, False),
    "fifo": (_special(mkfifo), NOT_LISTED, False),
    "folder": (_special(lambda p: p.mkdir(parents=True)), NOT_LISTED, False),
    "link-dev-zero": (_special(lambda p: link("/dev/zero", p)), NOT_LISTED, False),
    "link-loop": (_special(lambda p: link(p.name, p)), NOT_LISTED, False),
}


def _template_file_case(
    name: str, build: Callable[[Path, str], None], words: str | None
) -> RenderCase:
    return RenderCase(f"tpl-{name}", lambda root: build(root, "evil"), refuse="evil", words=words)


TEMPLATE_CASES = [
    RenderCase(
        "tpl-split-tags", _tpl(_split_tag), ("render", "evil", "{root}", *DATA_ARGS), made=OUT
    ),
]
