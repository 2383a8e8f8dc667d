"""The hostile corpus (tests/hostile.py) through the CLI, as a user runs it. Every
case must pass the four checks of the hardening issue:

(a) exit status 0/1 with a finding, or 2 with a Chinese message naming the file;
(b) no traceback and not the generic "unexpected error" message;
(c) bounded time (each command under 30 s) and memory (under 1.5 GiB);
(d) the project's input (ledger/, archive/, data/, docgen.yaml, everything but
    out/) and whatever lies beside the project byte-identical afterwards.

Commands run through hostile_cli.run_bounded: forked from a server that has docgen
imported (the corpus stays within a minute), or each started afresh with
DOCGEN_HOSTILE_REAL=1. The slowest command and the largest peak memory of the whole
corpus (this module and test_hostile_{commands,render,lint,dossier}.py) are printed at the end
of the run; DOCGEN_HOSTILE_STATS=FILE writes each command's wall time and peak memory
as JSON (bench/bench_hostile.py does both).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hostile import (
    CASE_IDS,
    CASES,
    CJK,
    THREADS,
    Case,
    Run,
    assert_clean,
    assert_refused,
    build_base,
    register_summary,
    run,
    snapshot,
)
from hostile_checks import (
    _restore_permissions,
    assert_escaped_html,
    assert_text_cells,
    assert_word_document,
    project_for,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return build_base(tmp_path_factory.mktemp("base") / "项目")


@pytest.fixture(scope="module", autouse=True)
def _stats(request, tmp_path_factory):
    register_summary(request.config, tmp_path_factory.getbasetemp())


@dataclass
class Outcome:
    root: Path
    runs: dict[str, Run] = field(default_factory=dict)
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    error: BaseException | None = None


@pytest.fixture(scope="module")
def outcomes(request, base: Path, tmp_path_factory) -> dict[str, Outcome]:
    """Every selected case, built and run a few at a time (each command on its own is
    single-minded; together they keep the machine's cores busy), before the tests
    look at the results one by one. DOCGEN_HOSTILE_SERIAL=1 runs one at a time, for
    timing each command on a quiet machine."""
    wanted = {
        item.callspec.params["case"].id
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_audit" and hasattr(item, "callspec")
    }
    cases = [c for c in CASES if c.id in wanted]
    homes = {c.id: tmp_path_factory.mktemp(c.id) for c in cases}
    serial = bool(os.environ.get("DOCGEN_HOSTILE_SERIAL"))
    with ThreadPoolExecutor(1 if serial else THREADS) as pool:
        done = pool.map(lambda c: play(c, base, homes[c.id]), cases)
        return {c.id: o for c, o in zip(cases, done)}


def play(case: Case, base: Path, home: Path) -> Outcome:
    """Build the case's project in `home`, snapshot, run each format, snapshot again."""
    outcome = Outcome(home / "项目")
    try:
        root = project_for(case, base, home)
        outcome.before = snapshot(home, skip=("项目/out",))
        extra = [a.replace("{root}", str(root)) for a in case.extra]
        for fmt in case.formats:
            outcome.runs[fmt] = run(
                "audit", str(root), "--format", fmt, *extra, case=case.id, check=False
            )
    except BaseException as e:  # noqa: BLE001 - reported by the case's own test
        outcome.error = e
    finally:
        outcome.after = snapshot(home, skip=("项目/out",))
        _restore_permissions(home)
    return outcome


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_audit(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.id]
    if outcome.error is not None:
        raise outcome.error
    root = outcome.root
    for fmt, result in outcome.runs.items():
        assert_clean(result)
        if case.refuse:
            assert_refused(result, case.refuse)
            continue
        assert result.returncode in (0, 1), result.output[-3000:]
        if fmt == "json":
            check_json(case, result)
        elif fmt == "xlsx":
            report = root / "out" / "整改清单.xlsx"
            assert report.is_file(), result.output
            assert_text_cells(report)
        elif fmt == "table":
            assert CJK.search(result.stdout)
            # stdout is no terminal: no colour codes at all, so an ESC or NUL came from the
            # project's cells and would reach the clerk's terminal
            assert "\x1b" not in result.stdout and "\x00" not in result.stdout
        elif fmt == "html":
            assert_escaped_html(root / "out" / "审核报告.html")
        elif fmt == "docx":
            assert_word_document(root / "out" / "督查通报.docx")
    if case.check:
        case.check(root, outcome.runs)
    changed = sorted(set(outcome.after.items()) ^ set(outcome.before.items()))
    assert outcome.after == outcome.before, changed[:10]


def check_json(case: Case, result: Run) -> None:
    report = json.loads(result.stdout)
    assert set(report) >= {"tool", "summary", "findings"}
    assert report["summary"]["errors"] == sum(f["severity"] == "error" for f in report["findings"])
    assert result.returncode == (1 if report["summary"]["errors"] else 0)
    if case.finding:
        rule, file = case.finding
        hits = [
            f
            for f in report["findings"]
            if (rule is None or f["rule"] == rule) and (file is None or f["file"] == file)
        ]
        assert hits, [(f["rule"], f["file"]) for f in report["findings"]][:40]
        for f in hits:
            assert CJK.search(f["message"]), f
