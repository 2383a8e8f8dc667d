"""Rendering one template: check the context has every field the template reads,
render with StrictUndefined in the sandbox, and refuse output that still holds a
jinja tag. Every failure is an InputError naming the template."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError, UndefinedError
from jinja2.sandbox import SecurityError
from lxml import etree

from ..errors import InputError
from ..gbt9704.spec import FIXED_TIME
from .analysis import EmptyValue, Template, security_error

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEFTOVER = re.compile(r"\{\{|\{%|%\}|\}\}")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def missing_fields(tpl: Template, context: dict[str, Any]) -> list[str]:
    """The fields the template reads that the context lacks: `title`, `meeting.time`."""
    missing = [name for name in sorted(tpl.fields) if name not in context and not tpl.may_omit((name,))]
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
    that the same input gives the same bytes."""
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
        raise InputError(f"模板 {tpl.label} 中有字段的值为空。请在 --data 中为它填写内容，或在模板中用 {{{{ 字段 or \"\" }}}} 写明可以为空。") from None
    except TemplateError as exc:
        raise InputError(f"模板 {tpl.label} 渲染失败：{exc.message or exc}。请检查模板标签。") from None
    except OverflowError:
        raise InputError(f"模板 {tpl.label} 的循环次数过多（range 超过 100000），已停止。请检查模板中的 range。") from None
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
        raise InputError(f"模板 {tpl.label} 渲染时出错：{exc}。请检查 --data 中对应的值和模板中的写法。") from None
    _fix_properties(docx)
    buf = io.BytesIO()
    docx.save(buf)
    data = normalise_zip(buf.getvalue())
    _refuse_leftovers(tpl, data)
    return data


def missing_error(tpl: Template, names: list[str]) -> InputError:
    shown = "、".join(names)
    if names == ["unit"]:
        hint = "unit 是“每个责任单位一份”时才有的字段：请加上 --each unit。"
    elif names[0].split(".")[0] not in tpl.fields:  # a loop variable's key: a typo
        hint = "这是循环中每一项的字段，项目数据中没有这一项：请检查字段名是否写错。"
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


def normalise_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


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
    root = etree.fromstring(raw)
    out = []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
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
