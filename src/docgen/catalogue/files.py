"""The rules on the filed files themselves."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

RULES = [
    Rule("file.missing", ERROR, "文件缺失", {}),
    Rule("file.orphan", WARNING, "文件未登记", {}),
    Rule("file.unreadable", ERROR, "文件损坏或与扩展名不符", {}),
    Rule("file.encrypted", ERROR, "文件设有密码", {}),
    Rule("file.empty", ERROR, "文件为空", {}),
    Rule("file.page-mismatch", ERROR, "页数与文件不符", {}),
    Rule("file.duplicate-content", WARNING, "同一文件归入两个档号", {}),
    Rule("file.outside-root", ERROR, "文件路径超出归档文件夹", {}),
]
