"""The sources of the built-in templates, templates/*.docx: one builder per template
(build_templates.py) from shared 公文 parts (template_parts.py).

Regenerate the committed files with `python -m docgen.template_sources [FOLDER]`.
"""
