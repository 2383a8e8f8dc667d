"""`docgen audit --format json`: exactly the contract's shape, deterministic."""

from __future__ import annotations

import json
from collections import Counter

from ..audit import AuditResult
from . import reading


def to_dict(result: AuditResult) -> dict:
    by_rule = Counter(f.rule for f in result.findings)
    summary = {
        "errors": result.errors,
        "warnings": result.warnings,
        "by_rule": dict(sorted(by_rule.items())),
        "completeness": {
            "overall": result.completeness.overall,
            "by_section": result.completeness.by_section(),
        },
    }
    read = reading.counts(result)
    if read is not None:  # how the filed files were read: text, ocr, libreoffice, ofd, unread
        summary["reading"] = read
    return {
        "tool": "docgen",
        "version": result.version,
        "project": result.project.city.name,
        "guide": result.guide.id,
        "years": list(result.years),
        "summary": summary,
        "findings": [f.to_dict() for f in result.findings],
    }


_LINE = json.JSONEncoder(ensure_ascii=False, default=str)


def render(result: AuditResult) -> str:
    """Indented envelope, one finding per line. Each finding goes through the C
    encoder (json's indent= falls back to the pure-Python one, 10x slower)."""
    data = to_dict(result)
    findings = data.pop("findings")
    head = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    encode = _LINE.encode  # one encoder for all: json.dumps with options builds one per call
    lines = [encode(f) for f in findings]
    body = "[]" if not lines else "[\n    " + ",\n    ".join(lines) + "\n  ]"
    return head[:-2] + ',\n  "findings": ' + body + "\n}\n"
