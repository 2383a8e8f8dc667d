"""Rendering one template: check the context has every field the template reads,
render with StrictUndefined in the sandbox — in a worker process with a time limit
and a memory ceiling (limits.py) — and refuse output that still holds a jinja tag.
Every failure is an InputError naming the template."""

from __future__ import annotations

import io
import re
import zipfile
from functools import partial
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError, UndefinedError
from jinja2.sandbox import SecurityError
from lxml import etree

from ..docx_text import PARSER, W, paragraph_text
from ..errors import InputError
from ..gbt9704.spec import FIXED_TIME
from ..zipfix import normalise_zip
from .analysis import Template
from .limits import TooLarge, bounded_map
from .sandbox import EmptyValue, security_error

LEFTOVER = re.compile(r"\{\{|\{%|%\}|\}\}")
RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def missing_fields(tpl: Template, context: dict[str, Any]) -> list[str]:
    """The fields the template reads that the context lacks: `title`, `meeting.time`."""
    missing = [
        name for name in sorted(tpl.fields) if name not in context and not tpl.may_omit((name,))
    ]
    for path in tpl.paths:
        if path[0] in context and not tpl.may_omit(path):
            gap = _gap(context[path[0]], path)
            if gap and gap not in missing:
                missing.append(gap)
    return missing


def _gap(value: Any, path: tuple[Any, ...]) -> str | None:
    for i, key in enumerate(path[1:], start=1):
        if not isinstance(value, dict) or hasattr(dict, key):
            return None  # a list, a date, a method: rendering will tell
        if key not in value:
            return show_path(path[: i + 1])
        value = value[key]
    return None


def show_path(path: tuple[Any, ...]) -> str:
    return ".".join(str(k) for k in path)


def render_bytes(tpl: Template, context: dict[str, Any]) -> bytes:
    """The rendered .docx, its core properties and zip entries at a fixed time, so
    that the same input gives the same bytes. Rendered in a worker process: a template
    that runs too long or grows too big stops with an InputError naming it."""
    return render_documents(tpl, [context])[0]


def render_documents(
    tpl: Template, contexts: list[dict[str, Any]], names: list[str] | None = None
) -> list[bytes]:
    """render_bytes for each context, in worker processes; `names` says which document
    each is in a message (a unit's name with --each unit)."""
    for context in contexts:
        missing = missing_fields(tpl, context)
        if missing:
            raise missing_error(tpl, missing)
    what = [
        f"用模板 {tpl.label} 生成{f' {n} 的' if n else ''}文档"
        for n in names or [""] * len(contexts)
    ]
    return bounded_map(partial(render_in_place, tpl), contexts, what)


def render_in_place(tpl: Template, context: dict[str, Any]) -> bytes:
    """render_bytes without the worker process (and its limits)."""
    missing = missing_fields(tpl, context)
    if missing:
        raise missing_error(tpl, missing)
    docx = DocxTemplate(io.BytesIO(tpl.blob))
    try:
        docx.render(context, tpl.env)
    except SecurityError as exc:
        raise security_error(tpl, exc) from None
    except UndefinedError as exc:
        raise missing_error(tpl, [_undefined_name(tpl, exc)]) from None
    except EmptyValue:
        raise InputError(
            f"模板 {tpl.label} 中有字段的值为空。请在 --data "
            f'中为它填写内容，或在模板中用 {{{{ 字段 or "" }}}} '
            "写明可以为空。"
        ) from None
    except TooLarge as exc:
        raise InputError(
            f"模板 {tpl.label} 中的表达式会生成过大的内容（{exc.message}）"
            "，已停止。请检查模板中的乘法、乘方和格式化宽度。"
        ) from None
    except TemplateError as exc:
        raise InputError(
            f"模板 {tpl.label} 渲染失败：{str(exc.message or exc)[:200]}。请检查模板标签。"
        ) from None
    except RecursionError:
        raise InputError(
            f"模板 {tpl.label} 中的宏或循环递归调用过深，已停止。"
            "请检查模板中调用自身的宏和 recursive 循环。"
        ) from None
    except MemoryError:
        raise
    except OverflowError as exc:
        if "range" in str(exc).lower():
            raise InputError(
                f"模板 {tpl.label} 的循环次数过多（range 超过 100000）"
                "，已停止。请检查模板中的 range。"
            ) from None
        raise InputError(
            f"模板 {tpl.label} 渲染时数值溢出（{str(exc)[:100]}）。请检查模板中的计算。"
        ) from None
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
        raise InputError(
            f"模板 {tpl.label} 渲染时出错：{str(exc)[:200]}。"
            "请检查 --data 中对应的值和模板中的写法。"
        ) from None
    except Exception as exc:  # noqa: BLE001 — docxtpl and python-docx on a crafted template
        raise InputError(
            f"模板 {tpl.label} 渲染时出错（{type(exc).__name__}: {str(exc)[:200]}）。"
            "请检查模板中的标签，或用 Word 打开模板另存后重试。"
        ) from None
    _fix_properties(docx)
    buf = io.BytesIO()
    try:
        docx.save(buf)
        data = normalise_zip(buf.getvalue())
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 — the rendered XML no longer forms a document
        raise InputError(
            f"模板 {tpl.label} 渲染后无法保存为 Word 文档（{type(exc).__name__}）。"
            "常见原因是模板中用 |safe 输出了不成对的 XML 标签；请检查模板。"
        ) from None
    _refuse_leftovers(tpl, data)
    return data


def missing_error(tpl: Template, names: list[str]) -> InputError:
    shown = "、".join(names)
    if names == ["unit"]:
        hint = "unit 是“每个责任单位一份”时才有的字段：请加上 --each unit。"
    elif names[0].split(".")[0] not in tpl.fields:  # a loop variable's key: a typo
        hint = "这是循环中每一项的字段，项目数据中没有这一项：请检查字段名是否写错。"
    elif all(n.startswith("city.") for n in names):  # the city's profile lives in docgen.yaml
        hint = (
            "这是城市概况，请在 docgen.yaml 的 city: 下填写，例如 "
            f"{names[0].removeprefix('city.')}: ……（见 README）。"
        )
    else:
        hint = f"请在 --data 指定的 YAML 文件中填写，例如：{_yaml_example(names[0])}。"
    return InputError(
        f"模板 {tpl.label} 需要字段 {shown}，但项目数据和 --data 文件都没有提供，未生成文档。{hint}"
        "运行 docgen templates 可查看每个模板需要的字段。"
    )


def _yaml_example(name: str) -> str:
    keys = name.split(".")
    lines = [f"{'  ' * i}{k}:" for i, k in enumerate(keys)]
    return "\n".join(lines) + " ……"


def _undefined_name(tpl: Template, exc: UndefinedError) -> str:
    message = exc.message or ""
    m = re.search(r"'([^']+)' is undefined", message)
    if m:
        return m.group(1)
    m = re.search(r"has no (?:attribute|element) '?([^']+?)'?$", message)
    if m:
        key = m.group(1)
        hits = sorted(show_path(p) for p in tpl.chains if len(p) > 1 and str(p[-1]) == key)
        return "、".join(hits) or key
    return message


def _fix_properties(docx: DocxTemplate) -> None:
    when = FIXED_TIME
    props = docx.docx.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.last_modified_by = "docgen"


def leftover_tags(data: bytes) -> list[str]:
    """Paragraph texts of the rendered parts that still hold {{, {%, %} or }}."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if RENDERED_PARTS.match(name):
                raw = z.read(name)
                if LEFTOVER.search(raw.decode("utf-8", "replace")):
                    found += _tagged_paragraphs(raw)
    return found


def _tagged_paragraphs(raw: bytes) -> list[str]:
    try:
        root = etree.fromstring(raw, PARSER)
    except etree.XMLSyntaxError:  # not well-formed: show the text around the tag
        text = re.sub(r"<[^>]+>", "", raw.decode("utf-8", "replace"))
        m = LEFTOVER.search(text)
        return [text[max(0, m.start() - 40) : m.end() + 40]] if m else []
    out = []
    for p in root.iter(f"{W}p"):
        text = paragraph_text(p)
        if LEFTOVER.search(text):
            out.append(text)
    return out


def _refuse_leftovers(tpl: Template, data: bytes) -> None:
    left = leftover_tags(data)
    if left:
        raise InputError(
            f"模板 {tpl.label} 渲染后仍有未处理的模板标签，未生成文档：“{left[0][:80]}”。"
            "常见原因是标签被拆成了不同格式的文字，或用了 docxtpl 不支持的写法。"
            "请在 Word 中把整个标签删除后一次输入。"
        )
