"""The `docgen render` command: official documents from .docx templates, filled with
the project's data and --data, laid out to GB/T 9704-2012 by the built-ins. The
engine and its sandbox are docgen.templating; the built-ins' sources are
docgen.template_sources.

`render()` writes documents; `list_templates()` says which templates there are and
the fields each needs. The context a template sees is described in view/context.py.
"""

from ..templating.engine import leftover_tags
from ..view.fields import FIELDS
from .run import render
from .templates import BUILTIN_TITLES, TemplateInfo, list_templates

__all__ = ["BUILTIN_TITLES", "FIELDS", "TemplateInfo", "leftover_tags", "list_templates", "render"]
