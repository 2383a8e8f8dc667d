"""The sandbox a template renders in: jinja2's immutable sandbox with no loader,
StrictUndefined, no constant folding and the bounded operators and filters of
limits.py; and the refusals of a template that reaches for Python internals (`_`
attributes) or other files (include/import/extends), with their Chinese messages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import InputError
from .filters import FILTERS, GLOBALS
from .limits import BOUNDED_FILTERS, BOUNDED_GLOBALS, check_binop, check_format

if TYPE_CHECKING:
    from .analysis import Template


class EmptyValue(TemplateError):
    """A `{{ }}` printed None: a field present but empty."""


def _finalize(value: Any) -> Any:
    if value is None:
        raise EmptyValue("值为空")
    return value


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, remembering what it compiled: docxtpl compiles every part of the
    document again for each render, and --each unit renders one template many times.

    No constant folding at compile time (`optimized=False`; what the code generator
    still folds goes through the bounded filters), and the operators and str.format
    that build a value from a number are checked first (limits.py)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(optimized=False, **options)
        self._compiled: dict[str, Any] = {}

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        text, is_map = value.__self__, value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            mapping = args[0] if is_map and args and isinstance(args[0], dict) else kwargs
            check_format(text, () if is_map else args, mapping)
            return wrapper(*args, **kwargs)

        return checked

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
    env.filters.update(BOUNDED_FILTERS)
    env.filters.update(FILTERS)
    env.filters["doc_no"] = GLOBALS["doc_no"]
    env.globals.update(BOUNDED_GLOBALS)
    env.globals.update(GLOBALS)
    return env


def refuse_unsafe(tpl: Template, ast: nodes.Template) -> None:
    """Refuse a template that reads `_` attributes or other files, before it renders."""
    for node in ast.find_all(
        (
            nodes.Getattr,
            nodes.Getitem,
            nodes.Filter,
            nodes.NSRef,
            nodes.Include,
            nodes.Import,
            nodes.FromImport,
            nodes.Extends,
        )
    ):
        if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            raise InputError(
                f"模板 {tpl.label} 试图引用其他文件（include/import/extends）"
                "，已拒绝。模板只能使用项目数据和 --data 中的字段。"
            )
        name = _unsafe_name(node)
        if name is not None:
            raise internals_refused(tpl, name)


def _unsafe_name(node: nodes.Node) -> str | None:
    if isinstance(node, (nodes.Getattr, nodes.NSRef)) and node.attr.startswith("_"):
        return node.attr
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
        and node.arg.value.startswith("_")
    ):
        return node.arg.value
    if isinstance(node, nodes.Filter):
        for arg in _attribute_names(node):
            if (
                isinstance(arg, nodes.Const)
                and isinstance(arg.value, str)
                and any(part.startswith("_") for part in arg.value.split("."))
            ):
                return arg.value
    return None


def _attribute_names(node: nodes.Filter) -> list[nodes.Node]:
    """The arguments of a filter that name an attribute (`attr('_x')`, `map('attr', '_x')`,
    `map(attribute='__class__')`, `sort(attribute='a.__init__')`, `selectattr('_x')`):
    the sandbox would hand back an undefined value, but a template that asks for
    internals is refused outright, as `x.__class__` is."""
    args = node.args
    named = [k.value for k in node.kwargs if k.key == "attribute"]
    if node.name in ("attr", "selectattr", "rejectattr", "groupby") and args:
        named.append(args[0])
    if (
        node.name == "map"
        and len(args) > 1
        and isinstance(args[0], nodes.Const)
        and args[0].value == "attr"
    ):
        named.append(args[1])
    return named


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
