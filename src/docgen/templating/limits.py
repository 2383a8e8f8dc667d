"""Bounds on what a template may cost: a template is project input, and docgen trusts
nothing in the project folder.

Two layers. In the sandbox, the operators and filters that build a value from a
number (`'a' * 10**9`, `9 ** 9 ** 9`, `'%999999999s' % x`, `|center(10**9)`,
`lipsum(10**5)`) refuse a result past MAX_TEXT characters or MAX_INT_BITS bits before
building it (TooLarge). Around everything else — a loop nested in a loop, a recursive
macro, docxtpl's own quadratic tag clean-up on a crafted body — reading and rendering
a template run in a worker process (docgen.workers.pool) with a time limit (SECONDS,
or DOCGEN_RENDER_TIMEOUT) and a memory ceiling (MEMORY): a template that exceeds
them stops the command with exit status 2 and a message naming it.
"""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from jinja2 import TemplateError, pass_eval_context
from jinja2 import filters as jf
from jinja2.utils import generate_lorem_ipsum

from ..errors import InputError
from ..workers import pool

SECONDS = 10.0  # one template read or one document rendered (32 ms is usual)
MEMORY = 512 << 20  # bytes a worker may add to what it inherited
MAX_TEXT = 1_000_000  # characters (or items) one operator or filter may build
MAX_INT_BITS = 100_000  # an integer of some 30,000 digits
MAX_WIDTH = 10_000  # a width, a padding or a count given to a filter


class TooLarge(TemplateError):
    """An expression that would build a value past the limits (message in Chinese)."""


def seconds() -> float:
    """SECONDS, or DOCGEN_RENDER_TIMEOUT when it is a positive number."""
    try:
        value = float(os.environ.get("DOCGEN_RENDER_TIMEOUT", ""))
    except ValueError:
        return SECONDS
    return value if 0 < value < 3600 else SECONDS


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Raise TooLarge when `left operator right` would be huge; otherwise return."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**" and ints and abs(left) > 1 and right > 0:
        if right > MAX_INT_BITS or abs(left).bit_length() * right > MAX_INT_BITS:
            raise TooLarge(f"{left} 的 {right} 次方过大")
    elif operator == "*":
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TooLarge("两个过大的整数相乘")
        for seq, count in ((left, right), (right, left)):
            if _size(seq) is not None and isinstance(count, int) and _size(seq) * count > MAX_TEXT:
                raise TooLarge(f"把长度为 {_size(seq)} 的内容重复 {count} 次")
    elif operator == "+":
        if (
            _size(left) is not None
            and _size(right) is not None
            and _size(left) + _size(right) > MAX_TEXT
        ):
            raise TooLarge(f"连接后长度超过 {MAX_TEXT} 个字符")
    elif operator == "%" and isinstance(left, str):
        check_printf(left, right)


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACES = re.compile(r"\{[^{}]*\}")
_DIGITS = re.compile(r"\d+")


def check_printf(text: str, args: Any) -> None:
    """'%999999999s' % x: widths and precisions in a %-format, and those given by *."""
    values = args if isinstance(args, tuple) else (args,)
    for m in _PRINTF.finditer(text):
        for part in m.groups():
            if part == "*":
                if any(isinstance(v, int) and abs(v) > MAX_WIDTH for v in values):
                    raise TooLarge("格式化宽度过大")
            elif part and int(part) > MAX_WIDTH:
                raise TooLarge(f"格式化宽度 {part} 过大")


def check_format(text: str, args: tuple, kwargs: dict) -> None:
    """'{:>999999999}'.format(x), and a width taken from the arguments ('{:{}}')."""
    for field in _BRACES.findall(text):
        spec = field.partition(":")[2]
        if any(int(d) > MAX_WIDTH for d in _DIGITS.findall(spec)):
            raise TooLarge("格式化宽度过大")
    if re.search(r"\{[^{}]*:[^{}]*\{", text):  # a width from the arguments
        values = [*args, *kwargs.values()]
        if any(isinstance(v, int) and abs(v) > MAX_WIDTH for v in values):
            raise TooLarge("格式化宽度过大")


def _width(value: Any, what: str) -> None:
    if isinstance(value, int) and abs(value) > MAX_WIDTH:
        raise TooLarge(f"{what} {value} 过大（最多 {MAX_WIDTH}）")


def center(value: Any, width: int = 80) -> str:
    _width(width, "center 的宽度")
    return jf.do_center(value, width)


def indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    _width(width, "indent 的缩进")
    if isinstance(width, str) and len(width) * (str(s).count("\n") + 1) > MAX_TEXT:
        raise TooLarge("indent 的结果过长")
    return jf.do_indent(s, width, first, blank)


def format_(value: Any, *args: Any, **kwargs: Any) -> str:
    check_printf(str(value), kwargs or args)
    return jf.do_format(value, *args, **kwargs)


@pass_eval_context
def replace(eval_ctx, s: Any, old: Any, new: Any, count: int | None = None) -> str:
    text, old_s, new_s = str(s), str(old), str(new)
    hits = len(text) + 1 if old_s == "" else text.count(old_s)
    if count is not None and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * max(0, len(new_s) - len(old_s)) > MAX_TEXT:
        raise TooLarge("replace 的结果过长")
    return jf.do_replace(eval_ctx, s, old, new, count)


def slice_(value: Any, slices: int, fill_with: Any = None):
    _width(slices, "slice 的份数")
    return jf.do_slice(value, slices, fill_with)


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    for v in (n, min, max):
        _width(v, "lipsum 的段数或词数")
    if isinstance(n, int) and isinstance(max, int) and n * max > 100_000:
        raise TooLarge("lipsum 的结果过长")
    return generate_lorem_ipsum(n, html, min, max)


BOUNDED_FILTERS = {
    "center": center,
    "indent": indent,
    "format": format_,
    "replace": replace,
    "slice": slice_,
}
BOUNDED_GLOBALS = {"lipsum": lipsum}


# ---------------------------------------------------------------- the worker


def bounded(fn: Callable[[], Any], what: str) -> Any:
    """fn() in a worker process under SECONDS and MEMORY (see bounded_map)."""
    return bounded_map(operator.call, [fn], [what])[0]


def bounded_map(fn: Callable[[Any], Any], items: Sequence[Any], what: Sequence[str]) -> list[Any]:
    """[fn(item) for item in items], each in a worker process under SECONDS and MEMORY.
    The first InputError fn raises is raised here; a worker stopped for time or memory,
    or one that crashed, is an InputError that begins with what[i] (e.g. “用模板
    notice（…）生成文档”). fn and the items must pickle (workers may be spawned)."""
    limit = seconds()
    results: dict[int, Any] = {}
    runs = pool.run(list(items), partial(_attempt, fn), timeout=limit, memory=MEMORY)
    try:
        for i, result in runs:
            if isinstance(result, pool.Failed):
                raise InputError(failure_message(what[i], result, limit))
            kind, value = result
            if kind == "refused":
                raise InputError(value)
            results[i] = value
    finally:
        runs.close()  # stops the workers still busy with the rest
    return [results[i] for i in range(len(items))]


def _attempt(fn: Callable[[Any], Any], item: Any) -> tuple[str, Any]:
    """In the worker: fn(item), or the message of the InputError it raised."""
    try:
        return "ok", fn(item)
    except InputError as exc:
        return "refused", exc.message


def failure_message(what: str, failed: pool.Failed, limit: float) -> str:
    if failed.kind == "timeout":
        return (
            f"{what}超过 {limit:g} 秒仍未完成，已停止。可能是模板中的循环嵌套过多或有递归，"
            "也可能是特意构造的模板；请检查模板中的 for 循环和宏。"
        )
    if failed.kind == "memory":
        return (
            f"{what}需要的内存超过 {MEMORY >> 20} MB，已停止。可能是模板生成的内容过大；"
            "请检查模板中的循环和重复的文字。"
        )
    detail = f"（{failed.detail[:200]}）" if failed.detail else ""
    return f"{what}时出错{detail}，已停止。请用 Word 或 WPS 打开模板检查，或改用内置模板。"
