"""The 必备条件 verdicts: each prerequisite of the project's standard (as loaded,
AuditInput.prerequisites) judged on the data sheet's figures with the data rules' own
judge (targets.py), with the 档号 of its evidence. Computed once per audit
(verdicts.decide); templates and the evidence index read the rows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...context import AuditInput
from ...errors import InputError
from ...load.prerequisites import Prerequisite
from .common import level, show
from .mismatch import agree
from .targets import judge

MET, NOT_MET, NO_DATA, UNJUDGED = "达标", "未达标", "无数据", "无法判断"
FILED = "已归档"
KIND_RANK = {kind: i for i, kind in enumerate(("报表", "监测报告", "总结", "检查记录", "文件"))}


def prerequisites(ctx: AuditInput, items: list[Prerequisite] | None = None) -> list[dict[str, Any]]:
    """The 必备条件 of the project's standard version and level (default: those
    loaded, AuditInput.prerequisites; a list that could not be loaded raises its
    InputError here, where it is asked for), each judged on the data sheet's figures
    of the audit window with the data rules' own judge(), and the 档号 of its
    evidence: filed documents that state one of its figures (ctx.statements: load the
    AuditInput with statements=True, or there are none) and ledger rows of its guide
    items.

    Row keys: no, name, requirement, verified, standard, note, indicators [{code, name,
    target, verified, figures {year: {text, met, why}}, met}], years {year: text or
    None}, year_texts (in window order, "—" for none), met (True/False/None), verdict
    (达标/未达标/无数据/无法判断), reasons [why not met], evidence [every 档号],
    key_evidence [one 档号 per figure and year, the 报表 or 监测报告 first; for filed
    documents those of the first rule that finds any], sources [{archive_code, year,
    indicator, what, file, kind}]."""
    if items is None:
        if isinstance(ctx.prerequisites, InputError):
            raise ctx.prerequisites
        items = ctx.prerequisites or []
    figures = ctx.figures
    kinds = {r.text("档号"): r.text("材料类型") for r in ctx.rows} if items else {}
    return [_prerequisite(ctx, p, figures, kinds) for p in items]


def _prerequisite(
    ctx: AuditInput, p: Prerequisite, figures, kinds: dict[str, str]
) -> dict[str, Any]:
    catalogue = ctx.catalogue
    found = [
        _judged(ctx, p, catalogue.find(code), figures)
        for code in p.indicators
        if catalogue is not None and catalogue.find(code) is not None
    ]
    by_document = bool(p.document_rules())
    docs = _evidence_rows(ctx, p)
    stated = _statement_sources(ctx, [i["code"] for i in found], kinds, figures)
    years = {y: _year_text(y, found, docs, by_document) for y in ctx.years}
    states = [i["met"] for i in found] + ([bool(docs) or None] if by_document else [])
    if False in states:
        met, verdict = False, NOT_MET
    elif not found and not by_document:
        met, verdict = None, UNJUDGED
    elif any(i["empty"] for i in found) or (by_document and not docs):
        met, verdict = None, NO_DATA
    elif None in states:
        met, verdict = None, UNJUDGED
    else:
        met, verdict = True, MET
    requirement = (
        p.requirement
        or "；".join(
            (i["target"] if len(found) == 1 else f"{i['name']}{i['target']}") for i in found
        )
        or "—"
    )
    sources = stated + docs
    return {
        "no": p.no,
        "name": p.name,
        "requirement": requirement,
        "verified": p.verified and all(i["verified"] for i in found),
        "standard": p.standard,
        "note": p.note or "",
        "indicators": found,
        "years": years,
        "year_texts": [years[y] or "—" for y in ctx.years],
        "met": met,
        "verdict": verdict,
        "reasons": [r for i in found for r in i["reasons"]],
        "evidence": sorted({s["archive_code"] for s in sources}),
        "key_evidence": _key_evidence(stated, docs),
        "sources": sources,
    }


def _judged(ctx: AuditInput, p: Prerequisite, ind, figures) -> dict[str, Any]:
    """One indicator of a 必备条件, year by year. A version without its own threshold
    (the 2014 list standing in for 2021) uses the source version's, unverified."""
    target = ind.threshold(p.version, level(ctx))
    if target is None and p.source != p.version:
        fallback = ind.threshold(p.source, level(ctx))
        target = replace(fallback, verified=False) if fallback is not None else None
    series = figures.series(ind.code) if figures is not None else {}
    window = [y for y in ctx.years if y in series]
    by_year: dict[int, dict[str, Any]] = {}
    reasons = []
    for y in window:
        verdict = judge(target, ind, series, y, window) if target is not None else None
        ok = verdict.ok if verdict is not None else None
        text = show(series[y].value, ind)
        by_year[y] = {"text": text, "met": ok, "why": verdict.why if verdict is not None else ""}
        if ok is False:
            reasons.append(f"{y}年{ind.name}为{text}，{verdict.why}")
    states = [f["met"] for f in by_year.values()]
    met = False if False in states else (None if None in states or not states else True)
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "target": target.describe(ind.unit) if target is not None else "—",
        "verified": bool(target is not None and target.verified),
        "figures": by_year,
        "met": met,
        "empty": not by_year,
        "reasons": reasons,
    }


def _year_text(
    year: int, found: list[dict[str, Any]], docs: list[dict[str, Any]], by_document: bool
) -> str | None:
    """The table cell of one year: the figures (one line each), 已归档 for a filed
    document that counts from its year on; None when there is nothing."""
    texts = [i["figures"].get(year, {}).get("text") for i in found]
    if by_document:
        texts.append(FILED if any(d["year"] <= year for d in docs) else None)
    if not any(texts):
        return None
    return "\n".join(t or "—" for t in texts)


def _statement_sources(
    ctx: AuditInput, codes: list[str], kinds: dict[str, str], figures
) -> list[dict[str, Any]]:
    """The filed documents that state the data sheet's figure of one of `codes` for a
    year of the window (one that states another figure is no evidence of it: that is
    a data.mismatch)."""
    names = {c: ctx.catalogue.get(c).name for c in codes}
    series = {c: figures.series(c) if figures is not None else {} for c in codes}
    out = []
    for f in ctx.statements:
        if f.indicator not in names or f.year not in ctx.years or not f.archive_code:
            continue
        sheet = series[f.indicator].get(f.year)
        if sheet is not None and not agree(f.value, f.decimals, sheet.value, sheet.decimals):
            continue
        out.append(
            {
                "archive_code": f.archive_code,
                "year": f.year,
                "indicator": f.indicator,
                "what": f"{names[f.indicator]}：{f.text or ''}",
                "file": f.file or "",
                "kind": kinds.get(f.archive_code, ""),
                "rule": None,
            }
        )
    return out


def _evidence_rows(ctx: AuditInput, p: Prerequisite) -> list[dict[str, Any]]:
    """Ledger rows of the prerequisite's guide items filed up to the window's last year."""
    rules = p.document_rules()
    out = []
    for i, r in enumerate(ctx.rows if rules else ()):
        year = ctx.row_year(i)
        code = r.text("档号")
        if year is None or year > ctx.years[-1] or not code:
            continue
        hit = next(
            (
                n
                for n, d in enumerate(rules)
                if d.matches(r.text("条目"), r.text("材料类型"), r.text("题名"))
            ),
            None,
        )
        if hit is not None:
            out.append(
                {
                    "archive_code": code,
                    "year": year,
                    "indicator": None,
                    "what": r.text("题名"),
                    "file": r.text("文件路径"),
                    "kind": r.text("材料类型"),
                    "rule": hit,
                }
            )
    return out


def _key_evidence(stated: list[dict[str, Any]], docs: list[dict[str, Any]]) -> list[str]:
    best: dict[tuple, tuple] = {}
    for s in stated:
        key = (s["indicator"], s["year"])
        rank = (KIND_RANK.get(s["kind"], len(KIND_RANK)), s["archive_code"])
        best[key] = min(best.get(key, rank), rank)
    codes = {code for _, code in best.values()}
    if docs:
        first = min(d["rule"] for d in docs)
        codes |= {d["archive_code"] for d in docs if d["rule"] == first}
    return sorted(codes)
