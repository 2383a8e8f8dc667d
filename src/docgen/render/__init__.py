"""Official documents from .docx templates (docxtpl in a jinja2 sandbox), filled
with the project's data and --data, laid out to GB/T 9704-2012 by the built-ins.

`render()` writes documents; `list_templates()` says which templates there are and
the fields each needs. The context a template sees is described in view/context.py.
"""

from ..view.fields import FIELDS
from .engine import leftover_tags
from .run import render
from .templates import BUILTIN_TITLES, TemplateInfo, list_templates

__all__ = ["BUILTIN_TITLES", "FIELDS", "TemplateInfo", "leftover_tags", "list_templates", "render"]
