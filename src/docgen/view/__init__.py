"""The project as templates see it: the context of a template (context.py) built from
the loaded project and its AuditResult, which the caller hands in (render/run.py,
report/docx_report.py, dossier/build.py). Nothing here runs the audit or judges."""
