"""The findings rows of the HTML report, in the reports' order (report.order): each
part of errors under a heading, the warnings folded in a <details>, each group in
tables of at most CHUNK rows under a caption naming the group."""

from __future__ import annotations

from .. import order
from .markup import esc

# rows per separately laid-out table, estimated heights of a row and a caption (px)
CHUNK = 200
ROW_HEIGHT = 64
CAPTION_HEIGHT = 30
NUMERALS = "一二三四五六七八九十"


def findings_table(
    blocks: list[tuple[order.Part, order.Group, list[str]]],
    with_state: bool,
    columns: list[tuple[str, int]],
) -> str:
    """The rows in report order (report.order), each group in tables of at most CHUNK
    rows under a caption naming the group, each laid out only when scrolled near
    (content-visibility), under one sticky header: 80,000 rows still open quickly.
    Each part of errors has a heading; the warnings are folded in a <details>. Every
    table has the same fixed column widths and its own header row (for screen readers
    and print; hidden on screen)."""
    columns = [c for c in columns if with_state or c[0] != "状态"]
    spare = 100 - sum(width for _, width in columns)
    cols = "".join(
        f'<col style="width:{width + (spare if name == "问题说明" else 0)}%">'
        for name, width in columns
    )
    head = (
        f"<colgroup>{cols}</colgroup><thead><tr>"
        + "".join(f'<th scope="col">{name}</th>' for name, _ in columns)
        + "</tr></thead>"
    )
    repeat = head.replace("<thead>", '<thead class="repeat">')
    parts = [
        (
            '<div id="findings-rows">\n<div class="rows-head" aria-hidden="true">'
            f'<table class="findings">{head}</table></div>\n'
        )
    ]
    first = 1
    for n, (part, chunks) in enumerate(_by_part(blocks), start=1):
        total = sum(len(rows) for _, rows in chunks)
        if part.folded:
            parts.append(
                f'<details id="warnings-fold" class="fold"><summary>警告 {total} 条'
                "（可稍后处理，点击展开）</summary>\n"
            )
        else:
            parts.append(
                f'<h3 class="part">{_numeral(n)}、{esc(part.title)}'
                f' <span class="badge err">错误 {total} 条</span></h3>\n'
            )
        for group, rows in chunks:
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                label = f"问题清单第 {first}–{first + len(chunk) - 1} 条"
                parts.append(
                    f'<div class="chunk" style="contain-intrinsic-size:0 '
                    f'{len(chunk) * ROW_HEIGHT + CAPTION_HEIGHT}px">'
                    f'<table class="findings" aria-label="{label}">'
                    f"<caption>{esc(group.title)}<code>{esc(group.rule or '')}</code>"
                    f" {len(rows)} 条</caption>"
                    f"{repeat}<tbody>\n{''.join(chunk)}</tbody></table></div>\n"
                )
                first += len(chunk)
        if part.folded:
            parts.append("</details>\n")
    parts.append("</div>\n")
    return "".join(parts)


def _by_part(
    blocks: list[tuple[order.Part, order.Group, list[str]]],
) -> list[tuple[order.Part, list[tuple[order.Group, list[str]]]]]:
    out: list[tuple[order.Part, list[tuple[order.Group, list[str]]]]] = []
    for part, group, rows in blocks:
        if not out or out[-1][0] is not part:
            out.append((part, []))
        out[-1][1].append((group, rows))
    return out


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= len(NUMERALS) else str(n)
