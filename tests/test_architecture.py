"""The one-way flow of ARCHITECTURE.md, checked on the imports of every module in
src/docgen: presentation never imports the rules, loading never words a finding,
rules never reach the presentation, and no module grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "docgen"
PRESENTATION = (
    "report",
    "view",
    "render",
    "templating",
    "dossier",
    "lint",
    "template_sources",
    "web",
)
LOADING = ("load", "inspect", "extract", "indicators")


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported(path: Path) -> set[str]:
    """The top-level docgen packages or modules a file imports from."""
    rel = path.relative_to(SRC)
    here = list(rel.parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if target:
                out.add(target[0])
            else:  # "from .. import x": x names the modules
                out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("docgen."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("docgen."))
    return out


MODULES = sorted(p for p in SRC.rglob("*.py"))
IMPORTS = {p: _imported(p) for p in MODULES}


def _importers(packages: tuple[str, ...], forbidden: set[str]) -> list[str]:
    return [
        f"{p.relative_to(SRC)} → {', '.join(sorted(IMPORTS[p] & forbidden))}"
        for p in MODULES
        if _package(p) in packages and IMPORTS[p] & forbidden
    ]


def test_presentation_imports_nothing_from_the_rules():
    assert _importers(PRESENTATION, {"rules"}) == []


def test_loading_never_imports_the_catalogue_the_rules_or_the_presentation():
    forbidden = {"catalogue", "rules", "audit", *PRESENTATION, "history"}
    assert _importers(LOADING, forbidden) == []


def test_rules_never_import_the_presentation_or_the_pipeline():
    assert _importers(("rules", "completeness"), {*PRESENTATION, "history", "audit"}) == []


def test_history_does_not_import_the_reports():
    assert _importers(("history",), {"report"}) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_over_400_lines(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_rectification_never_imports_the_rules():
    assert _importers(("rectify",), {"rules"}) == []
