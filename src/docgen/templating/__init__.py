"""The template engine: reading a .docx template (analysis.py), the jinja2 sandbox
(sandbox.py), the bounds on what a template may cost (limits.py), the Chinese filters
a template can use (filters.py) and rendering one template to fixed bytes (engine.py).

It knows nothing of a project: the command (docgen.render) gives it a context.
"""
