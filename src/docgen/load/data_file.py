"""A --data YAML file (and a dossier's data.yaml): a mapping of the fields a template
needs that the project does not supply, read as written (view.context.read_data puts
it in the form templates read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from .yamlfile import read_yaml


def read_data_file(path: Path | None) -> dict[str, Any]:
    """The file's mapping; {} for no file or an empty one."""
    if path is None:
        return {}
    path = Path(path)
    data = read_yaml(path, str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(
            f"--data 文件 {path} 的顶层应为“键: 值”的映射（例如 title: 关于……的通知），"
            f"实际是{'列表' if isinstance(data, list) else '单个值'}。请改正后重试。"
        )
    return data
