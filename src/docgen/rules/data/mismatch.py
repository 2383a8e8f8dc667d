"""data.mismatch — one indicator, one year, two different values: the 指标数据 sheet
against what a filed document says, or (when the sheet has no value for that year)
two documents against each other.

Two figures agree when they are equal to the precision the less precise one states:
40.85 and 40.9 agree (to one decimal), 40.85 and 41.2 do not, 100 and 96.3 do not.

One finding per indicator, year and document, on the document (its file and 档号),
naming both values and both places. With the data sheet, the sheet's row is the
reference (the first row when a year repeats). Without it, the value most documents
state is the reference (ties: the first document by 档号), and every document that
says otherwise gets the finding. Only years in the audit window are compared.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from ...catalogue import make
from ...context import AuditInput
from ...model import Figure, LedgerRow
from ..base import rule
from .common import phrase

Key = tuple[str, int]  # (indicator code, year)


RULE = "data.mismatch"


@rule(RULE)
def mismatch(ctx: AuditInput):
    if ctx.catalogue is None or not ctx.statements:
        return
    window = set(ctx.years or ())
    reference = _data_figures(ctx)
    documents: dict[Key, dict[str, list[Figure]]] = defaultdict(dict)
    for f in ctx.statements:
        if not window or f.year in window:
            documents[(f.indicator, f.year)].setdefault(f.file or "", []).append(f)
    rows = _rows_by_file(ctx)
    for key in sorted(documents):
        by_doc = dict(sorted(documents[key].items(), key=lambda kv: _doc_order(kv[1][0])))
        if key in reference:
            yield from _against_sheet(ctx, reference[key], by_doc, rows)
        else:
            yield from _against_documents(ctx, by_doc, rows)


def agree(a: float, a_decimals: int, b: float, b_decimals: int) -> bool:
    """Equal to the precision the less precise of the two states."""
    places = min(a_decimals, b_decimals)
    return _rounded(a, places) == _rounded(b, places)


def _rounded(value: float, places: int) -> Decimal:
    try:
        return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for the context: compare as they are
        return Decimal(repr(value))


def _same(a: Figure, b: Figure) -> bool:
    places = min(a.decimals, b.decimals)
    return _rounded_once(a.value, places) == _rounded_once(b.value, places)


# ---------------------------------------------------------------- the two comparisons


def _against_sheet(
    ctx: AuditInput, ref: Figure, by_doc: dict[str, list[Figure]], rows: dict[str, LedgerRow]
):
    for figures in by_doc.values():
        wrong = next((f for f in figures if not _same(f, ref)), None)
        if wrong is None:
            continue
        yield _finding(
            ctx,
            "",
            wrong,
            ref,
            rows,
            ref_file=ref.file,
            sheet=ref.sheet,
            row=ref.row,
        )


def _against_documents(
    ctx: AuditInput, by_doc: dict[str, list[Figure]], rows: dict[str, LedgerRow]
):
    if len(by_doc) < 2:
        return
    ref_file, ref = _consensus(by_doc)
    for file, figures in by_doc.items():
        if file == ref_file:
            continue
        wrong = next((f for f in figures if not _same(f, ref)), None)
        if wrong is None:
            continue
        yield _finding(ctx, "documents", wrong, ref, rows, ref_place=_place(ref, rows))


def _consensus(by_doc: dict[str, list[Figure]]) -> tuple[str, Figure]:
    """The document whose (first) figure most others agree with; ties: the first.

    Linear in documents: the first figures are grouped by stated precision and, within
    each, counted by their value rounded to each precision at or below it. A figure
    stated to d places agrees with one stated to q places when both, rounded to
    min(d, q) places, are equal: one count look-up per precision, not one comparison
    per pair."""
    firsts = [(file, figures[0]) for file, figures in by_doc.items()]
    places = sorted({f.decimals for _, f in firsts})
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)  # (stated, rounded to) → n
    for _, g in firsts:
        for p in places:
            if p > g.decimals:
                break
            counts[(g.decimals, p)][_rounded_once(g.value, p)] += 1
    best, best_votes = 0, -1
    for i, (_, f) in enumerate(firsts):
        votes = 0
        for q in places:
            p = min(q, f.decimals)
            votes += counts[(q, p)].get(_rounded_once(f.value, p), 0)
        if votes > best_votes:
            best, best_votes = i, votes
    return firsts[best]


@lru_cache(maxsize=4096)
def _rounded_once(value: float, places: int) -> Decimal:
    return _rounded(value, places)


# ---------------------------------------------------------------- wording and places


def _finding(
    ctx: AuditInput,
    variant: str,
    wrong: Figure,
    ref: Figure,
    rows: dict[str, LedgerRow],
    **where,
):
    row = rows.get(wrong.file or "")
    ind = ctx.catalogue.find(wrong.indicator)
    return make(
        RULE,
        variant,
        name=ind.name if ind is not None else wrong.indicator,
        ref_shown=_shown(ref),
        place=_place(wrong, rows),
        shown=_shown(wrong),
        quote=phrase(RULE, "quote", text=wrong.text) if wrong.text else "",
        file=wrong.file,
        archive_code=wrong.archive_code,
        indicator=wrong.indicator,
        year=wrong.year,
        value=wrong.value,
        expected=ref.value,
        item=(row.text("条目") or None) if row is not None else None,
        **where,
    )


def _place(f: Figure, rows: dict[str, LedgerRow]) -> str:
    row = rows.get(f.file or "")
    title = row.text("题名") if row is not None else ""
    named = f"《{title}》" if title else "文件"
    code = f"档号 {f.archive_code}，" if f.archive_code else ""
    scan = "，扫描件识别" if f.read_by == "ocr" else ""  # OCR may misread: say so
    return f"{named}（{code}{f.file}{scan}）"


def _shown(f: Figure) -> str:
    places = max(f.decimals, 0)
    number = f"{f.value:.{places}f}"
    unit = f.unit or ""
    if unit.startswith("1/"):  # 18/10万
        return f"{number}{unit[1:]}"
    return number + unit if unit in ("%", "‰") else f"{number} {unit}".strip()


def _data_figures(ctx: AuditInput) -> dict[Key, Figure]:
    """The data sheet's city-wide figure per indicator and year (the first row)."""
    out: dict[Key, Figure] = {}
    for f in ctx.figures.figures if ctx.figures is not None else ():
        out.setdefault((f.indicator, f.year), f)
    return out


def _rows_by_file(ctx: AuditInput) -> dict[str, LedgerRow]:
    """Each filed document's ledger row, by its path relative to the project."""
    out: dict[str, LedgerRow] = {}
    if ctx.archive is not None:
        for link in ctx.archive.links:
            for rel in link.matched:
                out.setdefault(ctx.archive.display(rel), link.row)
    return out


def _doc_order(f: Figure) -> tuple[str, str]:
    return (f.archive_code or "", f.file or "")
