"""Audit history: every `docgen audit` run is recorded in DIR/out/.history/audit-history.sqlite
and compared with the previous run of the same scope (guide, audit years, rule
selection): which findings are new, which are fixed, which are still open.

    comparison = record_run(root, result, rules=prefixes)   # None: not recorded (warned)
    comparison = load_comparison(root)                       # the latest run, for reports

Recording never fails the audit: a history that cannot be written (read-only folder,
damaged or foreign file, a lock held too long) gives a Chinese warning on stderr.
"""

from __future__ import annotations

import datetime as dt
from hashlib import sha1
from pathlib import Path
from typing import TYPE_CHECKING

from ..audit import collector_paused
from ..stores import warn
from .access import NOT_RECORDED, cannot_write, translated, vet
from .answers import project_id
from .compare import diff
from .model import (
    FIXED,
    KEY_SCHEME,
    NEW,
    OPEN,
    STATUS_NAMES,
    Comparison,
    RunSummary,
    finding_key,
    finding_keys,
)
from .store import (
    Columns,
    HistoryError,
    Store,
    database_path,
    pack_keys,
    scope_values,
)

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..findings import Finding
    from ..model import Project

__all__ = [
    "FIXED",
    "KEY_SCHEME",
    "NEW",
    "OPEN",
    "STATUS_NAMES",
    "Comparison",
    "HistoryError",
    "RunSummary",
    "database_path",
    "finding_key",
    "finding_keys",
    "load_comparison",
    "record_run",
    "rule_selection",
]


def record_run(
    root: Path,
    result: AuditResult,
    *,
    when: dt.datetime | None = None,
    rules: list[str] | None = None,
) -> Comparison | None:
    """Record the audit `result` of the project at `root` (run at `when`, default now,
    with the rule prefixes `rules`, None for all) and compare it with the previous run
    of the same scope. None, with a warning on stderr, when it cannot be recorded."""
    try:
        with collector_paused():
            return _record(Path(root), result, when or dt.datetime.now(), rule_selection(rules))
    except HistoryError as exc:
        warn(exc.message)
    except Exception as exc:  # noqa: BLE001 — a bug of ours must not fail the audit that just ran
        warn(
            f"记录审核历史时发生意外错误（{type(exc).__name__}: {str(exc)[:200]}）。{NOT_RECORDED}"
            "请把这条信息发给维护人员。"
        )
    return None


def load_comparison(root: Path) -> Comparison | None:
    """The latest recorded run and its comparison; None when nothing is recorded.
    Raises HistoryError for a damaged or foreign history file."""
    path = database_path(Path(root))
    if not path.is_file():
        return None
    vet(path, writing=False)
    if not path.is_file():
        return None  # set aside just now
    with translated(path, writing=False), Store.reading(path) as store:
        return None if store is None else latest_comparison(store)


def latest_comparison(store: Store) -> Comparison | None:
    """The latest run in `store` compared with the run it was compared with."""
    current = store.latest()
    if current is None:
        return None
    previous = store.run(current.compared_to)
    trend = store.runs(scope_values(current), upto=current.run_id)
    if previous is None:
        return Comparison(current=current, previous=None, status={}, fixed=[], trend=trend)
    changes = diff(store.keys(previous.run_id), store.keys(current.run_id))
    fixed = store.findings(previous.run_id).rows(changes.fixed) if changes.fixed else []
    new = store.findings(current.run_id).rows(changes.new) if changes.new else []
    return Comparison(
        current=current,
        previous=previous,
        status=changes.status,
        fixed=fixed,
        trend=trend,
        new_findings=new,
    )


def rule_selection(prefixes: list[str] | None) -> tuple[str, ...] | None:
    """The rule ids `--rules` selects, in catalogue order; None for the full rule set."""
    from ..rules import ALL_RULES, select

    chosen = tuple(r.rule_id for r in select(prefixes))
    return None if set(chosen) == {r.rule_id for r in ALL_RULES} else chosen


# ---------------------------------------------------------------- recording


def _record(
    root: Path, result: AuditResult, when: dt.datetime, rules: tuple[str, ...] | None
) -> Comparison:
    path = _writable(root, result.project)
    findings = result.findings
    keys = finding_keys(findings)
    digest = _digest(keys, findings)
    completeness = result.completeness.overall
    current = RunSummary(
        run_id=0,
        run_time=_local(when).isoformat(timespec="seconds"),
        version=result.version,
        guide=result.guide.id,
        years=tuple(result.years),
        errors=result.errors,
        warnings=result.warnings,
        completeness=completeness,
        by_section=result.completeness.by_section(),
        new=0,
        fixed=0,
        still_open=0,
        rules=rules,
    )
    vet(path, writing=True)
    with translated(path, writing=True), Store.writing(path) as store:
        project_id(store, create=True)  # the id the 整改清单 carries
        scope = scope_values(current)
        previous = store.latest(scope)
        changes = fixed = None
        data_run = None
        if previous is not None:
            before = store.keys(previous.run_id)
            changes = diff(before, keys)
            current.compared_to = previous.run_id
            current.new, current.fixed = len(changes.new), len(changes.fixed)
            current.still_open = len(changes.still_open)
            if changes.fixed:
                fixed = store.findings(previous.run_id).rows(changes.fixed)
            if before == keys and store.digest(previous.run_id) == digest:
                data_run = store.data_owner(previous.run_id)  # unchanged: share its data
        packed = (
            (None, None) if data_run is not None else (pack_keys(keys), Columns.of(findings).pack())
        )
        current.run_id = store.insert(current, len(findings), digest, *packed, data_run=data_run)
        trend = store.runs(scope)
    if changes is None:
        return Comparison(current=current, previous=None, status={}, fixed=[], trend=trend)
    by_id = {id(f): changes.status[k] for f, k in zip(findings, keys, strict=True)}
    return Comparison(
        current=current,
        previous=previous,
        status=changes.status,
        fixed=fixed or [],
        trend=trend,
        new_findings=[findings[i].to_dict() for i in changes.new],
        _by_id=by_id,
        _findings=findings,
    )


def _local(when: dt.datetime) -> dt.datetime:
    """Local wall-clock time without a zone, to the second."""
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when.replace(microsecond=0)


def _digest(keys: list[str], findings: list[Finding]) -> str:
    """Equal digests (and keys): the stored data of the earlier run serves this one.
    The messages name the values and places; 80,000 findings hash in 0.05 s."""
    h = sha1("\n".join(keys).encode("utf-8", "surrogatepass"))
    h.update(",".join([str(f.row) for f in findings]).encode("ascii"))
    h.update("\x1e".join([f.message for f in findings]).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _writable(root: Path, project: Project) -> Path:
    """The database path, its folder made; HistoryError when out/, out/.history or the
    file is a link (nothing is written where a link in the project points), the file
    is not a file, or the folder would lie inside the project's input folders."""
    from ..output import input_folders

    path = database_path(root)
    folder = path.parent
    try:
        for p in (folder.parent, folder, path):
            if p.is_symlink():  # as for out/.cache: nothing is written where a link points
                raise HistoryError(
                    f"{p} 是一个链接，docgen 不会通过链接写入审核历史，"
                    "本次审核没有记录到历史中（审核结果不受影响）。"
                    f"如需记录审核历史，请把 {p.name} 改为项目中的普通文件夹。"
                )
        if path.exists() and not path.is_file():
            raise HistoryError(
                f"{path} 不是普通文件，本次审核没有记录到历史中（审核结果不受影响）"
                "。请把它改名或移走。"
            )
        target = folder.resolve()
        for guarded in input_folders(root, project):
            guarded = guarded.resolve()
            if target == guarded or guarded in target.parents:
                raise HistoryError(
                    f"审核历史的位置 {folder} 落在输入文件夹 {guarded} "
                    "内（out 是指向输入资料的链接？），"
                    "docgen 从不改动输入资料，本次审核没有记录到历史中。"
                    "请让 out 成为项目中的普通文件夹。"
                )
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(cannot_write(path, exc)) from None
    return path
