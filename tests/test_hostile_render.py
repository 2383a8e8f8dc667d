"""`docgen render` and `docgen templates` against hostile input, through the CLI as a
user runs it: project templates that try to reach Python internals, loop for ever,
build huge values, include files, or are no .docx at all (zip bombs, a .doc renamed,
truncated, encrypted, empty, a DTD, a pipe, links); --data files that are broken or
crafted; unit names that would make file names leave the output folder; -o pointing
into the input or at a pipe; existing output without --force.

Every case: exit status 0 with valid documents where the case says so, or 2 with a
Chinese message naming the template, the file or the option; no traceback; bounded
time and memory; the project and the folder beside it byte-identical afterwards (but
out/ and the output a case names).
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pytest
from hostile import (
    CJK,
    PROBLEMS,
    THREADS,
    YAML_BOMB,
    Run,
    assert_clean,
    assert_refused,
    build_base,
    docx_bomb,
    docx_xxe,
    link,
    lying_zip,
    mkfifo,
    ole_bytes,
    overlap_bomb,
    raw_name,
    raw_xlsx,
    register_summary,
    run,
    sheet_xml,
    snapshot,
    truncated,
    write_book,
    zip_bytes,
)

from docgen.errors import InputError
from docgen.render import leftover_tags, render
from docgen.render.each import unique_stems
from docgen.render.engine import render_bytes
from docgen.render.run import source_for
from docgen.render.templates import find_template
from docgen.view import context as contexts

# a template that loops stops after 2 s here (10 s by default): the mechanism is the same
FAST = {"DOCGEN_RENDER_TIMEOUT": "2"}
PROBLEM_HEADER = [
    "编号",
    "问题描述",
    "位置",
    "来源",
    "责任单位",
    "交办日期",
    "整改时限",
    "整改状态",
    "完成日期",
]
SAFE_NAME = re.compile(r"^[^/\\\x00-\x1f\x7f:*?\"<>|\u202a-\u202e\u2066-\u2069]+\.docx$")


# ---------------------------------------------------------------- building the project


def template_bytes(*texts: str) -> bytes:
    d = docx.Document()
    for t in texts:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def put_template(root: Path, data: bytes | str, name: str = "evil") -> Path:
    path = root / "templates" / f"{name}.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes(data) if isinstance(data, str) else data)
    return path


def build_render_base(root: Path) -> Path:
    """The audit corpus's base project, with open problems for two units, a probe
    template (`probe`: title, date, year) and one per unit (`unit-sheet`)."""
    build_base(root)
    write_book(
        root / PROBLEMS,
        [
            PROBLEM_HEADER,
            [
                "W1",
                "垃圾满溢",
                "某路",
                "暗访",
                "示例市城市管理局",
                "2025-03-01",
                "2025-04-01",
                "整改中",
                None,
            ],
            [
                "W2",
                "积水",
                "某巷",
                "明查",
                "示例市住房和城乡建设局",
                "2025-03-01",
                "2025-04-01",
                "未整改",
                None,
            ],
        ],
    )
    put_template(root, template_bytes("{{ title }}", "{{ date }}", "{{ year }}"), "probe")
    put_template(
        root,
        template_bytes(
            "{{ unit.name }}", "{% for p in unit.problems %}{{ p.description }}{% endfor %}"
        ),
        "unit-sheet",
    )
    (root / "render").mkdir()
    (root / "render" / "data.yaml").write_text(
        "title: 关于开展爱国卫生运动的通知\n", encoding="utf-8"
    )
    return root


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


# ---------------------------------------------------------------- --data


def _probe_text(root: Path) -> str:
    out = next((root / "out").glob("probe-*.docx"))
    return "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def _escaped(root: Path) -> None:
    out = next((root / "out").glob("probe-*.docx"))
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml, xml[-2000:]
    assert "<img" not in xml


def _contains(part: str) -> Callable[[Path], None]:
    def check(root: Path) -> None:
        assert part in _probe_text(root), _probe_text(root)[:500]

    return check


def _not_owned(root: Path) -> None:
    assert not Path("/tmp/docgen-owned").exists()


def _special_data(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        if path.exists():
            path.unlink()
        make(path)

    return build


# name: (the file's text, bytes or a builder of the path; what the refusal names and says,
# or RENDERS; a check of the project after a render; through the CLI too)
DATA: dict[str, tuple[Any, tuple[str, str] | str, Callable[[Path], None] | None, bool]] = {
    "syntax": ("title: [关于\n", ("data.yaml", "YAML"), None, True),
    "tab": ("meeting:\n\ttime: 9点\n", ("data.yaml", "制表符"), None, False),
    "alias-bomb": (YAML_BOMB + "title: x\n", ("data.yaml", "炸弹"), None, True),
    "recursive-alias": ("title: &t [1, *t]\n", ("data.yaml", "循环"), None, False),
    "list": ("- title\n- x\n", ("data.yaml", "映射"), None, True),
    "scalar": ("关于开展爱国卫生运动的通知\n", ("data.yaml", "映射"), None, False),
    "python-tag": (
        "title: !!python/object/apply:os.system ['touch /tmp/docgen-owned']\n",
        ("data.yaml", "标签"),
        _not_owned,
        True,
    ),
    "binary-and-set": (
        "title: !!binary aGVsbG8=\nx: !!set {a}\n",
        ("data.yaml", "标签"),
        None,
        False,
    ),
    "date-words": ("title: x\ndate: 下旬\n", ("date", "不是日期"), None, False),
    "date-impossible": ("title: x\ndate: 2025-02-30\n", ("data.yaml", "日期不存在"), None, True),
    "today-impossible": ("title: x\ntoday: 2025-13-45\n", ("data.yaml", "月份"), None, False),
    "year-words": ("title: x\nyear: 二〇二五\n", ("year", "年份"), None, False),
    "year-huge": ("title: x\nyear: 99999999999999999999\n", ("year", "1949–2100"), None, False),
    "year-negative": ("title: x\nyear: -5\n", ("year", "1949–2100"), None, False),
    "today-far": ("title: x\ntoday: 9999-12-31\n", RENDERS, None, False),
    "huge-number": ("title: 0x" + "f" * 5000 + "\n", ("data.yaml", "位数过多"), None, True),
    "deep": ("title: " + "[" * 3000 + "]" * 3000 + "\n", ("data.yaml", "嵌套"), None, False),
    "too-big": ("title: x\n# " + "注" * 200_000 + "\n", ("data.yaml", "KB"), None, False),
    "huge-value": (
        "title: " + "很长的标题" * 20_000 + "\n",
        RENDERS,
        _contains("很长的标题" * 100),
        False,
    ),
    "gbk": (
        "title: 关于开展爱国卫生运动的通知\n".encode("gbk"),
        ("data.yaml", "UTF-8"),
        None,
        True,
    ),
    "empty-title": ("title: ''\n", ("title", "title"), None, False),
    "odd-keys": ("? [a, b]\n: 1\n", ("data.yaml", "YAML"), None, False),
    "null-keys": ("title: x\nnull: 1\n~: 2\n3: 4\n'': 5\n", RENDERS, None, False),
    "html": (
        "title: \"<script>alert('x')</script><img src=x onerror=alert(1)>&amp;\"\n",
        RENDERS,
        _escaped,
        True,
    ),
    "xml-break": (
        "title: '</w:t></w:r></w:p><w:body>'\n",
        RENDERS,
        _contains("</w:t></w:r></w:p><w:body>"),
        False,
    ),
    "control-chars": ('title: "a\\x01b\\x1b[31mc\\x0bd"\n', RENDERS, _contains("ab[31mcd"), True),
    "formula": (
        'title: "=HYPERLINK(\\"http://x\\")"\n',
        RENDERS,
        _contains('=HYPERLINK("http://x")'),
        False,
    ),
    "tag": ("title: '{{ 7*7 }}{% raw %}'\n", ("probe", "模板标签"), None, True),
    "fifo": (_special_data(mkfifo), ("data.yaml", "管道"), None, True),
    "folder": (_special_data(lambda p: p.mkdir()), ("data.yaml", "文件夹"), None, True),
    "dev-zero": (_special_data(lambda p: link("/dev/zero", p)), ("data.yaml", "设备"), None, False),
    "missing": (_special_data(lambda p: None), ("data.yaml", "找不到"), None, False),
}


def _write_data(root: Path, content: Any, name: str = "data.yaml") -> Path:
    path = root / "render" / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _data_case(name: str, content: Any, outcome: tuple[str, str] | str, check) -> RenderCase:
    args = ("render", "probe", "{root}", *DATA_ARGS)
    build = lambda root: _write_data(root, content)
    wrap = (lambda root, run: check(root)) if check else None
    if outcome == RENDERS:
        return RenderCase(f"data-{name}", build, args, made=("项目/out/probe-*.docx",), check=wrap)
    refuse, words = outcome
    return RenderCase(f"data-{name}", build, args, refuse=refuse, words=words, check=wrap)


# ---------------------------------------------------------------- --each unit and -o


HOSTILE_UNITS = [
    "../../../../tmp/docgen-逃逸单位",
    "/etc/cron.d/docgen",
    "a\\..\\..\\b单位",
    "CON",
    "aux.txt",
    "...",
    "  . ",
    ("raw", "空字符_x0000_单位"),
    ("raw", "_x001B_[31m红色单位"),
    "\u202egpj.exe单位",
    "长" * 300,
    "甲单位",
    "甲单位-2",
    "ABC局",
    "abc局",
    "冒号:星号*问号?单位",
    "换\n行单位",
]


def _hostile_units(root: Path) -> None:
    rows = [(1, PROBLEM_HEADER)]
    for i, name in enumerate(HOSTILE_UNITS, start=2):
        rows.append(
            (
                i,
                [
                    f"W{i}",
                    f"问题{i}",
                    "某路",
                    "暗访",
                    name,
                    "2025-03-01",
                    "2025-04-01",
                    "整改中",
                    None,
                ],
            )
        )
    rows.append(
        (
            len(rows) + 1,
            ["W99", "重复", "某路", "暗访", "甲单位", "2025-03-01", "2025-04-01", "未整改", None],
        )
    )
    (root / PROBLEMS).write_bytes(raw_xlsx([("Sheet1", sheet_xml(rows), False)]))


def _each_outputs(root: Path, run: Run) -> None:
    written = [
        line.split("：", 1)[1] for line in run.stdout.splitlines() if line.startswith("已生成：")
    ]
    folder = root / "out" / "unit-sheet"
    files = sorted(folder.iterdir())
    assert len(written) == len(set(written)) == len(files) >= 10, (written, files)
    for f in files:
        assert f.parent == folder and SAFE_NAME.match(f.name), f.name
        assert len(os.fsencode(f.name)) <= 255
    assert len({f.name.casefold() for f in files}) == len(files), (
        "two units share a file name but for case"
    )


def _existing_output(root: Path) -> None:
    (root / "out").mkdir()
    (root / "out" / "通知.docx").write_text("旧文件", encoding="utf-8")


def _kept(root: Path, run: Run) -> None:
    assert (root / "out" / "通知.docx").read_text("utf-8") == "旧文件"


def _listed(run: Run, ids: list[str]) -> None:
    assert run.returncode == 0, run.output[-2000:]
    for i in ids:
        assert i in run.stdout, run.stdout


PROBE_ARGS = ("render", "probe", "{root}", *DATA_ARGS)
OUTPUT_CASES = [
    RenderCase(
        "each-hostile-unit-names",
        _hostile_units,
        ("render", "unit-sheet", "{root}", "--each", "unit"),
        made=("项目/out/unit-sheet/*.docx",),
        check=_each_outputs,
    ),
    RenderCase(
        "each-into-archive",
        lambda r: None,
        ("render", "unit-sheet", "{root}", "--each", "unit", "-o", "{root}/archive/交办单"),
        refuse="archive",
    ),
    RenderCase(
        "o-into-ledger",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{root}/ledger/通知.docx"),
        refuse="ledger",
    ),
    RenderCase(
        "o-into-archive",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{root}/archive/2025/通知.docx"),
        refuse="archive",
    ),
    RenderCase(
        "o-into-data", lambda r: None, (*PROBE_ARGS, "-o", "{root}/data/通知.docx"), refuse="data"
    ),
    RenderCase(
        "o-link-into-archive",
        lambda r: link(r / "archive", r.parent / "外面" / "链接"),
        (*PROBE_ARGS, "-o", "{home}/外面/链接/通知.docx"),
        refuse="archive",
    ),
    RenderCase(
        "o-existing",
        _existing_output,
        (*PROBE_ARGS, "-o", "{root}/out/通知.docx"),
        refuse="通知.docx",
        words="--force",
        check=_kept,
    ),
    RenderCase(
        "o-existing-force",
        _existing_output,
        (*PROBE_ARGS, "-o", "{root}/out/通知.docx", "--force"),
        made=("项目/out/通知.docx",),
    ),
    RenderCase(
        "o-outside-project",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{home}/外面/通知.docx"),
        made=("外面/通知.docx",),
        skip=("外面/通知.docx",),
    ),
    RenderCase(
        "o-pipe",
        lambda r: mkfifo(r.parent / "外面" / "管道.docx"),
        (*PROBE_ARGS, "-o", "{home}/外面/管道.docx", "--force"),
        refuse="管道.docx",
    ),
    RenderCase(
        "o-too-long",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{home}/" + "长" * 300 + ".docx"),
        refuse="长长",
    ),
    RenderCase(
        "out-links-outside", lambda r: link(r.parent / "外面", r / "out"), PROBE_ARGS, refuse="out"
    ),
    RenderCase(
        "out-links-into-archive", lambda r: link("archive", r / "out"), PROBE_ARGS, refuse="archive"
    ),
    RenderCase(
        "unknown-template",
        lambda r: None,
        ("render", "../../etc/passwd", "{root}"),
        refuse="passwd",
    ),
]


# ---------------------------------------------------------------- `docgen templates` on them all


def _every_template(root: Path) -> None:
    for name, (text, _, _, _) in EXPRESSIONS.items():
        put_template(root, text, f"e-{name}")
    for name, (build, _, _) in TEMPLATE_FILES.items():
        build(root, f"f-{name}")
    raw_name(root / "templates", "模板".encode("gbk") + b".docx", template_bytes("{{ city.name }}"))
    raw_name(root / "templates", b"\xff\xfe.docx", b"PK\x03\x04broken")


def _reasons(run: Run) -> dict[str, str]:
    """template id → the line under it (为什么不能使用, or the fields it needs)."""
    lines = run.stdout.splitlines()
    return {
        line.split("\t", 1)[0]: lines[i + 1] if i + 1 < len(lines) else ""
        for i, line in enumerate(lines)
        if "\t" in line and not line.startswith(" ")
    }


def _every_reason_given(root: Path, run: Run) -> None:
    assert run.returncode == 0, run.output[-3000:]
    reasons = _reasons(run)
    assert "probe" in reasons and "unit-sheet" in reasons, run.stdout[:2000]
    for name, (_, words, when, _) in EXPRESSIONS.items():
        line = reasons[f"e-{name}"]
        if when == "load":
            assert "不能使用" in line and words in line, (name, line)
        else:
            assert "不能使用" not in line, (name, line)
    for name, (_, words, _) in TEMPLATE_FILES.items():
        if words is NOT_LISTED:
            assert f"f-{name}" not in reasons
        else:
            assert "不能使用" in reasons[f"f-{name}"] and words in reasons[f"f-{name}"], (
                name,
                reasons[f"f-{name}"],
            )


LISTING = [
    RenderCase(
        "templates-on-every-hostile-template",
        _every_template,
        ("templates", "{root}"),
        check=_every_reason_given,
    ),
    RenderCase(
        "render-help",
        lambda r: None,
        ("render", "--help"),
        check=lambda root, r: _listed(r, ["notice", "assignment"]),
    ),
]

CASES = [
    *(_expression_case(n, text, words) for n, (text, words, _, cli) in EXPRESSIONS.items() if cli),
    *(
        _template_file_case(n, build, words)
        for n, (build, words, cli) in TEMPLATE_FILES.items()
        if cli
    ),
    *TEMPLATE_CASES,
    *(
        _data_case(n, content, outcome, check)
        for n, (content, outcome, check, cli) in DATA.items()
        if cli
    ),
    *OUTPUT_CASES,
    *LISTING,
]
assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


# ---------------------------------------------------------------- running them through the CLI


@dataclass
class Outcome:
    root: Path
    run: Run | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    out_before: dict = field(default_factory=dict)  # out/ (a refused command leaves it as it was)
    out_after: dict = field(default_factory=dict)
    error: BaseException | None = None


@pytest.fixture(scope="module", autouse=True)
def _stats(request, tmp_path_factory):
    register_summary(request.config, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return build_render_base(tmp_path_factory.mktemp("render-base") / "项目")


@pytest.fixture(scope="module")
def outcomes(request, base: Path, tmp_path_factory) -> dict[str, Outcome]:
    """The selected cases, a few at a time (see test_hostile.outcomes)."""
    wanted = {
        item.callspec.params["case"].id
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_render" and hasattr(item, "callspec")
    }
    cases = [c for c in CASES if c.id in wanted]
    homes = {c.id: tmp_path_factory.mktemp(c.id) for c in cases}
    with ThreadPoolExecutor(THREADS) as pool:
        return dict(
            zip([c.id for c in cases], pool.map(lambda c: play(c, base, homes[c.id]), cases))
        )


def play(case: RenderCase, base: Path, home: Path) -> Outcome:
    root = home / "项目"
    outcome = Outcome(root)
    skip = ("项目/out", *case.skip)
    try:
        shutil.copytree(base, root, symlinks=True)
        (home / "外面").mkdir()
        case.build(root)
        outcome.before = snapshot(home, skip=skip)
        outcome.out_before = snapshot(root / "out", skip=(".cache",))
        args = [a.replace("{root}", str(root)).replace("{home}", str(home)) for a in case.args]
        outcome.run = run(*args, case=case.id, check=False, env=case.env, cwd=home)
    except BaseException as e:  # noqa: BLE001 - reported by the case's own test
        outcome.error = e
    finally:
        outcome.after = snapshot(home, skip=skip)
        outcome.out_after = snapshot(root / "out", skip=(".cache",))
    return outcome


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_render(case: RenderCase, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.id]
    if outcome.error is not None:
        raise outcome.error
    result, root = outcome.run, outcome.root
    assert_clean(result)
    if case.made:
        assert result.returncode == 0, result.output[-3000:]
        for pattern in case.made:
            found = list(root.parent.glob(pattern))
            assert found, (pattern, result.output[-2000:])
            for path in found:
                assert_document(path)
    elif case.refuse:
        assert_refused(result, case.refuse)
        if case.words:
            assert case.words in result.stderr, result.stderr
        assert outcome.out_after == outcome.out_before, "refused, yet written"
    else:
        assert result.returncode == 0, result.output[-3000:]
    if case.check:
        case.check(root, result)
    changed = sorted(set(outcome.after.items()) ^ set(outcome.before.items()))
    assert outcome.after == outcome.before, changed[:10]


def assert_document(path: Path) -> None:
    """A .docx Word opens: a sound zip, a body that parses, no template tag left."""
    assert_document_bytes(path.read_bytes())


def assert_document_bytes(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert "word/document.xml" in zf.namelist()
    docx.Document(io.BytesIO(data))
    assert leftover_tags(data) == []


# ---------------------------------------------------------------- every case in-process
#
# The CLI cases above show the whole command stays clean, bounded and harmless for each
# way a template, a --data file or an output can be hostile; here every variant of them
# goes through the same code in-process, much faster than a command each (but for the
# ones only a time limit stops: the CLI cases show those).


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """One project holding every hostile template (e-NAME) and --data file (NAME.yaml)."""
    root = build_render_base(tmp_path_factory.mktemp("render-shared") / "项目")
    (root.parent / "外面").mkdir()
    for name, (text, _, _, _) in EXPRESSIONS.items():
        put_template(root, text, f"e-{name}")
    for name, (build, _, _) in TEMPLATE_FILES.items():
        build(root, f"f-{name}")
    for name, (content, _, _, _) in DATA.items():
        _write_data(root, content, f"{name}.yaml")
    return root


@pytest.fixture()
def unchanged(shared: Path):
    before = snapshot(shared.parent, skip=("项目/out",))
    yield shared
    assert snapshot(shared.parent, skip=("项目/out",)) == before


def _render_in_process(
    root: Path, template: str, data: str = "data.yaml", **options
) -> list[Path] | InputError:
    try:
        return render(template, root, data_file=root / "render" / data, **options)
    except InputError as exc:
        return exc


@pytest.fixture(scope="module")
def source(shared: Path) -> contexts.Source:
    """The shared project read once, with render/data.yaml as --data."""
    return source_for(shared, contexts.read_data(shared / "render" / "data.yaml"))


def _render_template(source: contexts.Source, template: str) -> bytes | InputError:
    """What `docgen render TEMPLATE` does with a template, on a project already read."""
    try:
        tpl = find_template(template, source.root)
        return render_bytes(tpl, contexts.build(source, tpl.fields))
    except InputError as exc:
        return exc


@pytest.mark.parametrize(
    "name", [n for n, (_, words, _, cli) in EXPRESSIONS.items() if not (cli and words == STOPPED)]
)
def test_expression(name: str, source: contexts.Source, unchanged: Path, monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_RENDER_TIMEOUT", "1")
    _, words, _, _ = EXPRESSIONS[name]
    got = _render_template(source, f"e-{name}")
    if words == RENDERS:
        assert isinstance(got, bytes), got
        assert_document_bytes(got)
    else:
        assert isinstance(got, InputError), got
        assert f"e-{name}" in got.message and words in got.message, got.message
        assert CJK.search(got.message)


@pytest.mark.parametrize("name", list(TEMPLATE_FILES))
def test_template_file(name: str, source: contexts.Source, unchanged: Path) -> None:
    _, words, _ = TEMPLATE_FILES[name]
    got = _render_template(source, f"f-{name}")
    assert isinstance(got, InputError), got
    assert f"f-{name}" in got.message and (words or "没有名为") in got.message, got.message


@pytest.mark.parametrize("name", list(DATA))
def test_data(name: str, unchanged: Path, tmp_path: Path) -> None:
    _, outcome, check, _ = DATA[name]
    got = _render_in_process(unchanged, "probe", f"{name}.yaml", output=tmp_path / "probe.docx")
    if outcome == RENDERS:
        assert isinstance(got, list), got
        assert_document(got[0])
        if check:
            moved = tmp_path / "项目"
            (moved / "out").mkdir(parents=True)
            shutil.copy(got[0], moved / "out" / "probe-1.docx")
            check(moved)
    else:
        refuse, words = outcome
        refuse = f"{name}.yaml" if refuse == "data.yaml" else refuse
        assert isinstance(got, InputError), got
        assert refuse in got.message and words in got.message, got.message
        assert not (tmp_path / "probe.docx").exists()


@pytest.mark.parametrize(
    "output, words",
    [
        ("{root}/out/../archive/x.docx", "archive"),
        ("{root}/out/通知.xlsx", ".docx"),
        ("{root}/docgen.yaml", ".docx"),
        ("{root}/ledger/归档文件目录.docx", "ledger"),
    ],
)
def test_output_refused(output: str, words: str, unchanged: Path) -> None:
    got = _render_in_process(
        unchanged, "probe", output=Path(output.replace("{root}", str(unchanged)))
    )
    assert isinstance(got, InputError) and words in got.message, got


def test_each_refuses_a_file_and_a_template_without_unit(unchanged: Path) -> None:
    got = _render_in_process(
        unchanged, "unit-sheet", each="unit", output=unchanged / "render" / "data.yaml"
    )
    assert isinstance(got, InputError) and "data.yaml" in got.message, got
    got = _render_in_process(unchanged, "probe", each="unit")
    assert isinstance(got, InputError) and "unit" in got.message, got


def test_unique_stems_never_give_two_units_one_file() -> None:
    names = [
        "甲",
        "甲-2",
        "甲",
        "A",
        "a",
        "a-2",
        "a",
        "\u202egpj.exe",
        "../x",
        "..",
        "CON",
        "长" * 300,
        "长" * 300,
    ]
    stems = unique_stems(names)
    assert len({s.casefold() for s in stems}) == len(names), stems
    assert all(SAFE_NAME.match(f"{s}.docx") and len(f"{s}.docx".encode()) <= 255 for s in stems), (
        stems
    )


def test_render_help_names_every_builtin_template() -> None:
    from docgen.render.templates import builtin_dir

    result = run("render", "--help", case="render-help-builtins")
    for path in builtin_dir().glob("*.docx"):
        assert path.stem in result.stdout, path.stem
