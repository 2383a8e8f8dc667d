"""A PDF read back into a Layout with pdfplumber: characters grouped by baseline into
lines, horizontal lines and thin rectangles into rules."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from .page import Layout, Line, Page, Rule, mode

BASELINE_PT = 1.5  # characters whose baselines differ by less are on one line
RULE_PT = 3.0  # a filled rectangle at most this high is a rule
MAX_PAGES = 500  # a 公文 is far shorter; a longer PDF is not read


def read_pdf(source: str | Path | bytes) -> Layout:
    """The pages of a PDF file (or of its bytes) as a Layout."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    with pdfplumber.open(stream) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ValueError(f"PDF 超过 {MAX_PAGES} 页")
        return Layout([_page(p) for p in pdf.pages])


def _page(p) -> Page:
    height = float(p.height)
    return Page(
        p.page_number, float(p.width), height, _lines(p.chars, height), _rules(p), _uprights(p)
    )


def _uprights(p) -> list[tuple[float, float]]:
    """The top and bottom of each vertical line or thin upright rectangle (table borders)."""
    found = {
        (round(float(o["top"]), 2), round(float(o["bottom"]), 2))
        for o in [*p.lines, *p.rects]
        if o["x1"] - o["x0"] <= RULE_PT and o["bottom"] - o["top"] > 2 * RULE_PT
    }
    return sorted(found)


def _baseline(c: dict, height: float) -> float:
    matrix = c.get("matrix")
    return height - float(matrix[5]) if matrix else float(c["bottom"])


def _lines(chars: list[dict], height: float) -> list[Line]:
    rows: list[list[dict]] = []
    last = None
    for c in sorted(chars, key=lambda c: (_baseline(c, height), c["x0"])):
        base = _baseline(c, height)
        if last is None or base - last > BASELINE_PT:
            rows.append([])
        rows[-1].append(c)
        last = base
    return [ln for ln in (_line(sorted(r, key=lambda c: c["x0"]), height) for r in rows) if ln]


def _line(chars: list[dict], height: float) -> Line | None:
    text = "".join(c["text"] for c in chars)
    ink = [c for c in chars if not c["text"].isspace()]
    if not ink:
        return None
    return Line(
        text=text.strip(),
        x0=min(c["x0"] for c in ink),
        x1=max(c["x1"] for c in ink),
        top=min(c["top"] for c in ink),
        bottom=max(c["bottom"] for c in ink),
        baseline=round(mode([round(_baseline(c, height), 2) for c in ink]), 2),
        size=mode([round(float(c["size"]), 1) for c in ink]),
        colour=mode([colour(c.get("non_stroking_color")) for c in ink]),
        fonts=tuple(sorted({_face(c.get("fontname", "")) for c in ink})),
        chars=tuple((c["text"], round(float(c["x0"]), 2)) for c in ink),
    )


def _face(name: str) -> str:
    """ "BAAAAA+NotoSansCJKjp-Regular" → "NotoSansCJKjp-Regular" (the subset tag off)."""
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _rules(p) -> list[Rule]:
    found = set()
    for ln in p.lines:
        if abs(ln["top"] - ln["bottom"]) < 0.5 and ln["x1"] - ln["x0"] > RULE_PT:
            width = float(ln.get("linewidth") or 0)
            found.add(_rule(ln, (ln["top"] + ln["bottom"]) / 2, width, ln.get("stroking_color")))
    for r in p.rects:
        high = r["bottom"] - r["top"]
        if high <= RULE_PT and r["x1"] - r["x0"] > 4 * max(high, 1) and r.get("fill"):
            found.add(_rule(r, (r["top"] + r["bottom"]) / 2, high, r.get("non_stroking_color")))
    return sorted(found, key=lambda r: (r.y, r.x0))


def _rule(obj: dict, y: float, thickness: float, paint) -> Rule:
    return Rule(
        round(float(obj["x0"]), 2),
        round(float(obj["x1"]), 2),
        round(float(y), 2),
        round(thickness, 2),
        colour(paint),
    )


def colour(paint) -> str:
    """pdfplumber's colour (gray, RGB or CMYK tuple, 0–1) as "RRGGBB"; black when unset
    or a pattern."""
    if isinstance(paint, int | float):
        paint = (paint,)
    if not isinstance(paint, tuple | list) or not all(isinstance(v, int | float) for v in paint):
        return "000000"
    v = [min(1.0, max(0.0, float(x))) for x in paint]
    if len(v) == 1:
        rgb = v * 3
    elif len(v) == 3:
        rgb = v
    elif len(v) == 4:
        c, m, y, k = v
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    else:
        return "000000"
    return "".join(f"{round(x * 255):02X}" for x in rgb)
