"""Reports render an AuditResult; they never compute findings."""
