"""`docgen audit --format html`: one self-contained page a clerk opens from a USB stick.

No network at all: the CSS and the script (report/html/) are inlined, the page carries
a Content-Security-Policy that forbids every fetch, and the only links are fragments
and relative `file` paths to the archive. Every piece of project text goes through
`esc()`; the data the filters read is JSON inside <script type="application/json">
with `<`, `>`, `&` and U+2028/9 escaped, so a 题名 holding `</script>` stays text.
The findings rows are in the page itself (it works and prints without scripts); the
script only hides the rows a filter leaves out. Same result and `generated` → same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..catalogue import CATALOGUE
from ..findings import ERROR, SEVERITY_NAMES, SEVERITY_ORDER, WARNING, Finding
from ..textfmt import percent, plain, window_text
from . import order, reading
from .html.completeness import heat_map, periods_detail
from .html.counts import counts
from .html.history import fixed, trend
from .html.markup import asset, esc, location, script_json, section_of, when_text, year_of
from .html.rows import ROW_HEIGHT, findings_table
from .names import indicator_names
from .progress import progress_html

if TYPE_CHECKING:
    from ..audit import AuditResult
    from ..history.model import Comparison

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
LEVELS = {"city": "卫生城市", "county": "卫生县城"}
# a row's file is linked unless the rule says it is not there (or not in the archive)
NO_LINK_RULES = {"file.missing", "file.outside-root"}
FOOTER = (
    "<footer>本报告由 docgen 生成，是离线单文件网页：不联网，"
    "可复制到 U 盘在任何电脑上用浏览器打开；"
    "打印时筛选框不打印，表格按当前筛选打印。</footer>\n"
)
# findings table: (header, width in %)
COLUMNS = [
    ("序号", 4),
    ("状态", 5),
    ("严重程度", 6),
    ("规则", 12),
    ("问题说明", 31),
    ("位置", 17),
    ("文件", 11),
    ("责任单位", 9),
    ("年度", 5),
]
FILTERS = (
    ("severity", "严重程度"),
    ("rule", "规则"),
    ("unit", "责任单位"),
    ("section", "类目"),
    ("year", "年度"),
)


def render(
    result: AuditResult,
    history: Comparison | None = None,
    *,
    generated: dt.datetime | None = None,
    base: Path | None = None,
    rectification: Any = None,
) -> str:
    """The whole HTML document; with a `rectification`, the units' progress.

    `history` is a docgen.history Comparison (trend, new and fixed findings) or None.
    `generated` is the run time printed (None: the recorded run's time, else now). `base` is the
    folder the page will be written into: links to archive files are relative to it;
    None makes them relative to the project folder.
    """
    when = run_time(history, generated)
    compare = history is not None and getattr(history, "previous", None) is not None
    status = statuses(history, result.findings) if compare else None
    title = f"{plain(result.project.city.name)} 创卫台账审核报告"
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="docgen {esc(result.version)}">\n',
        f"<title>{esc(title)}</title>\n<style>\n{asset('report.css')}</style>\n</head>\n<body>\n",
        heading(result, title, when, history is not None),
        summary(result, history if compare else None),
        progress_html(rectification) if rectification is not None else "",
        heat_map(result),
        periods_detail(result),
        counts(result, status),
        trend(history) if history is not None else "",
        findings_section(result, status, base),
        fixed(history, indicator_names(result)) if compare else "",
        FOOTER,
        f"<script>\n{asset('report.js')}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


# ---------------------------------------------------------------- helpers


def run_time(history: Comparison | None, generated: dt.datetime | None) -> dt.datetime:
    if generated is not None:
        return generated
    if history is not None:
        try:
            return dt.datetime.fromisoformat(str(history.current.run_time))
        except ValueError:
            pass
    return dt.datetime.now().replace(microsecond=0)


def statuses(history: Comparison, findings: list[Finding]) -> list[str | None]:
    """ "new" | "open" | None for each finding, in order."""
    if hasattr(history, "statuses"):
        return list(history.statuses(findings))
    return [history.status_of(f) for f in findings]


def file_href(result: AuditResult, file: str, base: Path | None) -> str | None:
    """A relative, percent-encoded link from `base` to a project file; None when the
    path is absolute or leaves the project folder."""
    rel = PurePosixPath(file.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or ":" in rel.parts[0]:
        return None
    target = rel.as_posix()
    if base is not None:
        root = os.path.abspath(result.project.root)
        try:
            target = os.path.relpath(os.path.join(root, *rel.parts), os.path.abspath(base))
        except ValueError:  # another drive (Windows): relative to the project then
            target = rel.as_posix()
        target = target.replace(os.sep, "/")
    return quote(posixpath.normpath(target), safe="/")


# ---------------------------------------------------------------- head and summary


def heading(result: AuditResult, title: str, when: dt.datetime, has_history: bool) -> str:
    city = result.project.city
    place = "".join(esc(p) for p in (city.province, city.name) if p)
    level = LEVELS.get(city.level, city.level)
    toc = [("summary", "概况"), ("completeness", "资料完整性"), ("counts", "问题统计")]
    if has_history:
        toc.append(("trend", "历次审核"))
    toc.append(("findings", "问题清单"))
    return (
        f'<header>\n<h1>{esc(title)}</h1>\n<dl class="meta">\n'
        f"<dt>城市</dt><dd>{place}（创建{esc(level)}）</dd>\n"
        f"<dt>建档指引</dt><dd>{esc(result.guide.title)} "
        f"<small>{esc(result.guide.id)}</small></dd>\n"
        f"<dt>审核年度</dt><dd>{esc(window_text(list(result.years)))}</dd>\n"
        f"<dt>生成时间</dt><dd>{esc(when_text(when))}</dd>\n"
        f"<dt>生成工具</dt><dd>docgen {esc(result.version)}</dd>\n</dl>\n"
        '<nav class="toc" aria-label="目录">'
        + "".join(f'<a href="#{k}">{v}</a>' for k, v in toc)
        + "</nav>\n</header>\n"
    )


def summary(result: AuditResult, history: Comparison | None) -> str:
    stats = result.stats or {}
    overall = result.completeness.overall
    cards = [
        ("err" if result.errors else "ok", "错误", f"{result.errors} 个"),
        ("warn" if result.warnings else "ok", "警告", f"{result.warnings} 个"),
        (
            "ok" if overall >= 1 else "warn" if overall >= 0.8 else "err",
            "资料完整率",
            percent(overall),
        ),
        ("", "归档目录", f"{stats.get('rows', 0)} 行"),
        ("", "归档文件", f"{stats.get('files', 0)} 个"),
    ]
    if history is not None:
        cards += [
            ("new", "本次新增", f"{history.current.new} 个"),
            ("ok", "已整改", f"{history.current.fixed} 个"),
        ]
    body = "".join(f'<div class="card {c}">{label}<b>{esc(v)}</b></div>' for c, label, v in cards)
    read = reading.line(result)
    note = f'<p class="reading">文件读取：{esc(read)}</p>\n' if read is not None else ""
    return (
        f'<section id="summary">\n<h2>概况</h2>\n<div class="cards">{body}</div>\n'
        f"{note}</section>\n"
    )


# ---------------------------------------------------------------- findings


def findings_section(
    result: AuditResult, status: list[str | None] | None, base: Path | None
) -> str:
    """The filter form, the findings table (every row in the page) and the filters' data."""
    items, names = result.guide.items, result.guide.section_names
    codes = set(names)
    facets: dict[str, dict[str, int]] = {k: {} for k, _ in FILTERS}
    cols: dict[str, list[int]] = {k: [] for k, _ in FILTERS}
    cols["new"] = []
    seen: dict[str, Counter[str]] = {k: Counter() for k, _ in FILTERS}
    titles = {
        r: esc(CATALOGUE[r].title) if r in CATALOGUE else esc(r)
        for r in {f.rule for f in result.findings}
    }
    indicators = indicator_names(result)
    statuses_of = dict(zip(map(id, result.findings), status or [], strict=False))
    blocks: list[tuple[order.Part, order.Group, list[str]]] = []
    n = 0
    for part in order.parts(result.findings, result.guide):
        for group in part.groups:
            rows: list[str] = []
            for f in group.findings:
                n += 1
                year = year_of(f)
                values = {
                    "severity": f.severity,
                    "rule": f.rule,
                    "unit": f.unit,
                    "section": section_of(f, items, codes),
                    "year": None if year is None else str(year),
                }
                for key, value in values.items():
                    if value is None:
                        cols[key].append(-1)
                        continue
                    seen[key][value] += 1
                    cols[key].append(facets[key].setdefault(value, len(facets[key])))
                state = statuses_of.get(id(f))
                cols["new"].append(1 if state == "new" else 0)
                where = location(vars(f), indicators)
                file = file_cell(result, f, base)
                rows.append(
                    finding_row(n, f, titles[f.rule], state, status is not None, year, file, where)
                )
            blocks.append((part, group, rows))
    data = {
        "facets": {k: list(v) for k, v in facets.items()},
        "cols": cols,
        "rowHeight": ROW_HEIGHT,  # the rows' estimated height (html/rows.py)
    }
    counted = Counter(f.severity for f in result.findings)
    return (
        '<section id="findings">\n<h2>问题清单</h2>\n'
        '<p class="note">每行一个问题。“位置”指归档文件目录或数据表中的工作表、行和列；'
        "“文件”是项目文件夹下的路径，点击可打开（报告须放在项目的 out 文件夹中）。</p>\n"
        + filter_form(seen, names, status is not None)
        + f'<p id="f-count" aria-live="polite">共 {len(result.findings)} 条'
        f"（错误 {counted[ERROR]}，"
        f'警告 {counted[WARNING]}）</p>\n<p id="f-printed" class="print-only"></p>\n'
        + findings_table(blocks, status is not None, COLUMNS)
        + f'<p id="f-empty"{"" if not result.findings else " hidden"}>'
        f"{'没有符合筛选条件的问题。' if result.findings else '未发现问题。'}</p>\n"
        f'<script type="application/json" id="findings-data">{script_json(data)}</script>\n'
        "</section>\n"
    )


def finding_row(
    n: int,
    f: Finding,
    title: str,
    state: str | None,
    with_state: bool,
    year: int | None,
    file: str,
    where: str,
) -> str:
    """One row of the findings table; `file` and `where` are its escaped cells."""
    state_cell = ""
    if with_state:
        mark = {"new": '<span class="badge new">新增</span>', "open": "<small>未整改</small>"}
        state_cell = f"<td>{mark.get(state or '', '')}</td>"
    return (
        f'<tr class="{"e" if f.severity == ERROR else "w"}"><td>{n}</td>{state_cell}'
        f'<td class="sev">{esc(SEVERITY_NAMES.get(f.severity, f.severity))}</td>'
        f'<td>{title}<br><code>{esc(f.rule)}</code></td><td class="msg">{esc(f.message)}</td>'
        f'<td class="loc">{where}</td><td class="file">{file}</td>'
        f"<td>{esc(f.unit) if f.unit else ''}</td><td>{'' if year is None else year}</td></tr>\n"
    )


def file_cell(result: AuditResult, f: Finding, base: Path | None) -> str:
    if not f.file:
        return ""
    href = None if f.rule in NO_LINK_RULES else file_href(result, f.file, base)
    return f'<a href="{esc(href)}">{esc(f.file)}</a>' if href else esc(f.file)


def filter_form(seen: dict[str, Counter[str]], names: dict[str, str], with_new: bool) -> str:
    def label(key: str, value: str) -> str:
        if key == "severity":
            return SEVERITY_NAMES.get(value, value)
        if key == "rule":
            return f"{CATALOGUE[value].title} {value}" if value in CATALOGUE else value
        if key == "section":
            return f"{value} {names.get(value, '')}".strip()
        return value

    def order(key: str, value: str) -> tuple:
        return (SEVERITY_ORDER.get(value, 9), value) if key == "severity" else (0, value)

    selects = []
    for key, name in FILTERS:
        options = "".join(
            f'<option value="{esc(v)}">{esc(label(key, v))}（{seen[key][v]}）</option>'
            for v in sorted(seen[key], key=lambda v, k=key: order(k, v))
        )
        selects.append(
            f'<label>{name}<select id="f-{key}"><option value="">全部</option>'
            f"{options}</select></label>\n"
        )
    new = (
        '<label class="check"><input type="checkbox" id="f-new">只看新增</label>\n'
        if with_new
        else ""
    )
    return (
        '<form id="filters" class="filters" role="search" aria-label="筛选问题" hidden>\n'
        + "".join(selects)
        + '<label>搜索<input type="search" id="f-q" placeholder="题名、档号、文件名…"></label>\n'
        + new
        + '<button type="button" id="f-reset">清除筛选</button>\n</form>\n'
    )
