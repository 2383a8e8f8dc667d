"""data.mismatch at scale: documents stating one figure are grouped by their rounded
value, never compared pair by pair. The findings are those of the pairwise rule (a
reference written here), and the work grows linearly with the documents."""

from __future__ import annotations

import random

import checkinput

from docgen.load.indicator_catalogue import load_catalogue
from docgen.model import Figure
from docgen.rules.data import mismatch as rule
from docgen.rules.data.mismatch import agree

CODE = "green-coverage"  # 建成区绿化覆盖率, in %


def doc(n: int, value: float, decimals: int, year: int = 2025) -> Figure:
    return Figure(
        indicator=CODE,
        year=year,
        value=value,
        unit="%",
        decimals=decimals,
        source="document",
        file=f"archive/J012-2025-D30-03-{n:05d}.pdf",
        archive_code=f"J012-2025-D30-03-{n:05d}",
        text=f"建成区绿化覆盖率为{value:.{max(decimals, 0)}f}%",
    )


def context(statements: list[Figure]):
    ctx = checkinput.build()
    ctx.catalogue = load_catalogue()
    ctx.statements = statements
    return ctx


def found(statements: list[Figure]) -> list[tuple]:
    return [(f.file, f.value, f.expected, f.message) for f in rule.mismatch(context(statements))]


def pairwise(statements: list[Figure]) -> list[tuple[str, float, float]]:
    """The rule as it was: every document's first figure against every other's."""
    by_doc: dict[str, list[Figure]] = {}
    for f in sorted(statements, key=lambda f: (f.archive_code, f.file)):
        by_doc.setdefault(f.file, []).append(f)
    if len(by_doc) < 2:
        return []
    firsts = [(file, figures[0]) for file, figures in by_doc.items()]
    same = lambda a, b: agree(a.value, a.decimals, b.value, b.decimals)
    votes = [sum(same(f, g) for _, g in firsts) for _, f in firsts]
    ref_file, ref = firsts[votes.index(max(votes))]
    out = []
    for file, figures in by_doc.items():
        wrong = next((f for f in figures if not same(f, ref)), None)
        if file != ref_file and wrong is not None:
            out.append((file, wrong.value, ref.value))
    return out


def test_small_cases_match_the_pairwise_rule():
    """Values and precisions that do not agree transitively (40.85 ≈ 40.9 ≈ 41, 40.85 ≠ 41)."""
    values = [(40.85, 2), (40.9, 1), (41.0, 0), (41, 1), (40.8, 1), (40.84, 2), (39.95, 2)]
    rng = random.Random(17)
    for _ in range(300):
        docs = rng.randint(2, 9)
        statements = []
        for n in range(docs):
            for _ in range(rng.randint(1, 2)):
                statements.append(doc(n, *rng.choice(values)))
        statements = list({(f.file, f.value, f.decimals): f for f in statements}.values())
        rng.shuffle(statements)
        assert [f[:3] for f in found(statements)] == pairwise(statements), statements


def half_and_half(n: int) -> list[Figure]:
    """n documents: the first half say 40.9 (a few 40.85, which agrees), the rest 41.2."""
    return [
        doc(i, 40.85, 2) if i % 10 == 3 and i < n // 2 else doc(i, 40.9 if i < n // 2 else 41.2, 1)
        for i in range(n)
    ]


def test_two_thousand_documents_one_figure_two_values():
    statements = half_and_half(2000)
    got = found(statements)
    # a tie (1,000 each): the first document by 档号, which says 40.9
    assert [(file, value, expected) for file, value, expected, _ in got] == [
        (f"archive/J012-2025-D30-03-{i:05d}.pdf", 41.2, 40.9) for i in range(1000, 2000)
    ]
    assert "41.2%" in got[0][3] and "40.9%" in got[0][3]


def test_the_work_grows_linearly(monkeypatch):
    """Count the rounded look-ups the rule makes: twice the documents, twice the work
    (the pairwise rule made 4× as many comparisons)."""
    calls = [0]
    rounded = rule._rounded_once

    def counted(value, places):
        calls[0] += 1
        return rounded(value, places)

    monkeypatch.setattr(rule, "_rounded_once", counted)
    counts = {}
    for n in (1000, 2000, 4000):
        calls[0] = 0
        assert len(found(half_and_half(n))) == n // 2
        counts[n] = calls[0]
    assert counts[2000] <= 2.05 * counts[1000] and counts[4000] <= 2.05 * counts[2000]
    assert counts[2000] <= 6 * 2000  # a few look-ups a document, never one a pair
