"""Test settings and fixtures shared by every test file.

The demo project (docgen.demo.build_demo) is built once per run: `demo_root` is that
build, for tests that only read it. A test that changes the demo or writes into it
(an out/ folder, a history, a rendered document, file times) takes a copy: `demo_copy`
(its own, per test) or `module_demo` (one per test module, for a module whose fixtures
write outputs its tests then read, as the old module-scoped demos did).
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings
from projectkit import copy_demo, tree_digest

# CI must not turn red on an example no developer has seen: the property tests run the
# same derandomised examples every time; `HYPOTHESIS_PROFILE=explore` searches afresh.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


CACHE = "out/.cache"  # the audit memo and the statement cache: no change of results


@pytest.fixture(scope="session", autouse=True)
def shared_ocr_cache(tmp_path_factory):
    """OCR text kept in one folder for the whole run (DOCGEN_OCR_CACHE), so the copies
    of the demo that tests take do not OCR the same scans again. A test of the OCR
    cache itself points DOCGEN_OCR_CACHE elsewhere (monkeypatch.setenv)."""
    before = os.environ.get("DOCGEN_OCR_CACHE")
    os.environ["DOCGEN_OCR_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    if before is None:
        os.environ.pop("DOCGEN_OCR_CACHE", None)
    else:
        os.environ["DOCGEN_OCR_CACHE"] = before


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory) -> Path:
    """The demo project, built once for the whole run. Read it, never change it: the
    run ends in an error if a test changed a file in it or wrote one (out/.cache aside)."""
    from docgen.demo import build_demo

    root = tmp_path_factory.mktemp("demo-shared") / "demo"
    build_demo(root)
    before = tree_digest(root, skip=(CACHE,))
    yield root
    after = tree_digest(root, skip=(CACHE,))
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"tests changed the shared demo (use demo_copy): {changed[:5]}"


@pytest.fixture(scope="module")
def module_demo(demo_root, tmp_path_factory) -> Path:
    """A copy of the demo shared by one test module's tests (which may write into it)."""
    return copy_demo(demo_root, tmp_path_factory.mktemp("demo-module") / "demo")


@pytest.fixture()
def demo_copy(demo_root, tmp_path) -> Path:
    """A fresh copy of the demo (no out/) that one test may change."""
    return copy_demo(demo_root, tmp_path / "demo")


@pytest.fixture(scope="session")
def html_demo(demo_root, tmp_path_factory):
    """The demo project with hostile rows, audited and its HTML report written to out/:
    what the HTML report tests (test_html_report.py, test_html_browser.py) read."""
    from htmlkit import audited_demo

    return audited_demo(demo_root, tmp_path_factory.mktemp("demo") / "江临市创卫")
