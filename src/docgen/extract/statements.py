"""Indicator statements in running text: an indicator's name (or alias) followed,
within the same clause, by a number and a unit.

    建成区绿化覆盖率达到40.85%          → 绿化覆盖率 40.85 %  (decimals 2)
    满意率为９１．８％                   → 91.8 %
    群众满意率达到百分之九十五点三       → 95.3 %
    绿化覆盖率 | 40.85 | %              → a table row reads as one clause
    绿化覆盖率、绿地率分别为40.85%、36.2% → two statements

Rules, all on the side of caution (a target read as a result would be a false
finding, a missed statement only a missed one):
- the longest alias wins (建成区绿地率 over 绿地率, 人均公园绿地面积 over 公园绿地);
- a number belongs to the nearest name before it, and only if nothing but a few
  words (达到, 为, 2025年的, a table bar) stand between them — no other number, no
  comma, no 分别 unless the whole list lines up;
- targets, bounds and changes are skipped: 目标, 力争, 不低于, ≥, 以上, 约, 提高1.2%
  (but 提高到 is a result), 去年; "到2025年…" is kept with its horizon so the caller
  can drop it from documents written before that year;
- year: a year between the name and the number ("由2024年的39.5%"), else the last
  year named earlier in the sentence ("2025年，全市…"; not a compared one: 与2022年相比),
  else the year the document's title or lead speaks of (years.lead_year: "2023年…统计
  公报"), else None (the caller uses the ledger row's 题名, then its date).

Names a PDF wrapped are read whole (`rejoin`): "建成区绿化覆\n盖率为40.85%", a page
number between the halves, "细颗粒物（PM 2.5）" with a stray blank, and a table cell
wrapped below its row ("生活垃圾无害化 100 %\n处理率"). A break is closed only where
a catalogue name runs across it, and never between two table rows.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from itertools import pairwise

from .numbers import FOLD, Quantity, YearMark, quantities, years_in
from .wrapped import rejoin
from .years import lead_year

SENTENCE = re.compile(r"[^。！？；;!?\n]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_BREAK = re.compile(r"[，、]|,(?!\d{3})")
SINCE = re.compile(r"\s*(?:以来|来|起|开始|至今|以前|之前|前)")
STARTING_POINT = "start"  # what _first says of 从35%: not a statement, but 提高到 may follow
MAX_GAP = 16  # characters between a name and its number, less years, blanks and bars

TARGET = re.compile(
    r"目标|要求|标准|不低于|不少于|不高于|不超过|不大于|不小于|低于|高于|超过|力争|争取|确保|计划|"
    r"预计|预期|应达|应不|应在|须达|需达|可达|将达|有望|能够达|[≥≤><⩾⩽≧≦＞＜]|约|大约|接近|近|左右|上年|去年|前年|分别"
)
SENTENCE_TARGET = re.compile(r"目标|力争|争取|确保|计划|预计|预期")  # anywhere before the name
PREFIX_TARGET = re.compile(r"任务|要求|标准|上年|去年|前年|届时|建成后|投运后")  # its clause
DELTA = re.compile(
    r"(?:提高|提升|增长|增加|下降|降低|减少|上升|增幅|降幅|同比|环比|比上年|较上年)(?!了?[到至])"
)
TAIL_BOUND = re.compile(r"[ \t|]*(?:及|或)?(?:以上|以下|以内|之内|左右|上下|的目标|的要求)")
HORIZON = re.compile(r"(?<![截达])(?:到|至)\s*((?:19|20)\d{2})\s*年")
QUALIFIED = re.compile(r"(?:农村|乡镇|全省|全国|省级|国家|去年|上年)$")
PLACE = re.compile(
    r"(?:区|县|镇|乡|街道|社区|村|开发区|园区)$"
)  # 城东区绿化覆盖率: a district's own
OWN_AREA = ("建成区", "城区", "市区", "全区", "全县", "全镇", "辖区", "本区", "本县")
CHAIN = re.compile(r"[ \t|、，,和及与]*")
CHANGE_TO = re.compile(
    r"[ \t|，,]*(?:提高|提升|上升|增长|增加|下降|降低|减少|增|降|升)了?(?:到|至)[ \t|的]*"
)
RESPECTIVE_LEAD = re.compile(r"[ \t|]*(?:为|是|达到了|达到|达|:)?[ \t|]*")
LIST_JOIN = re.compile(r"[ \t|、，,和及与]*")
COMPARED = re.compile(r"(?:比|较|与|同|相对于|对比)\s*$")  # 与2022年相比: not the year spoken of
COMPARED_AFTER = re.compile(r"\s*(?:相比|同期|比较)")


@dataclass(frozen=True)
class RawStatement:
    """One statement as written; `year` is the year the text itself gives (None:
    the document's own year applies), `horizon` the year of a "到2025年" phrase."""

    indicator: str
    alias: str
    value: float
    decimals: int
    unit: str
    year: int | None
    text: str
    horizon: int | None = None
    offset: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    code: str
    alias: str


class AliasMatcher:
    """Every alias of the catalogue in one regex, longest first, so that at any
    position the longest name matches. `home`: the project's own place names (示例县),
    which may stand before a name although they end like a district's (县, 区)."""

    def __init__(self, aliases: dict[str, str], home: tuple[str, ...] = ()) -> None:
        self.home = tuple(h for h in home if h)
        self.codes: dict[str, str] = {}  # alias as it reads in folded text → code
        for alias, code in aliases.items():
            if CJK.search(alias):
                self.codes.setdefault(alias.translate(FOLD), code)
        names = sorted(self.codes, key=len, reverse=True)
        self.regex = re.compile("|".join(re.escape(a) for a in names)) if names else None
        self.longest = len(names[0]) if names else 0
        self.pairs = {a[k : k + 2] for a in names for k in range(len(a) - 1)}
        self.prefixes = {a[:k] for a in names for k in range(1, len(a))}  # a name's first part
        self.suffixes = {a[k:] for a in names for k in range(1, len(a))}  # and its rest
        self.parts = {a[i:j] for a in names for i in range(len(a)) for j in range(i + 1, len(a))}

    def names(self, text: str) -> list[_Name]:
        if self.regex is None:
            return []
        return [
            _Name(m.start(), m.end(), self.codes[m.group()], m.group())
            for m in self.regex.finditer(text)
            if not self._elsewhere(text[: m.start()])
        ]

    def _elsewhere(self, before: str) -> bool:
        """The name is qualified as another area's: 农村…, 全国…, 城东区…"""
        if QUALIFIED.search(before):
            return True
        return bool(PLACE.search(before)) and not before.endswith(OWN_AREA + self.home)


def find_statements(text: str, aliases: dict[str, str] | AliasMatcher) -> list[RawStatement]:
    """Every indicator statement in `text`. Line breaks end a clause (a table row, a
    paragraph) unless a name runs across them; so do 。！？；. A statement whose
    sentence names no year gets the year of the document's title or lead."""
    matcher = aliases if isinstance(aliases, AliasMatcher) else AliasMatcher(aliases)
    if matcher.regex is None:
        return []
    folded = text.translate(FOLD)
    lead = lead_year(folded)
    joined = rejoin(folded, matcher)
    flat, original = joined.text(folded), joined.text(text)
    out: list[RawStatement] = []
    for m in SENTENCE.finditer(flat):
        if matcher.regex.search(m.group()):
            sentence = _Sentence(m.group(), original[m.start() : m.end()], m.start(), matcher)
            for raw in sentence.statements():
                year = raw.year if raw.year is not None else lead
                out.append(replace(raw, year=year, offset=joined.origin(raw.offset)))
    return out


class _Sentence:
    def __init__(self, s: str, original: str, offset: int, matcher: AliasMatcher) -> None:
        self.s, self.original, self.offset = s, original, offset
        self.names = matcher.names(s)
        self.years = years_in(s)
        spans = [(n.start, n.end) for n in self.names]
        self.qs = [
            q for q in quantities(s, self.years) if not any(a <= q.start < b for a, b in spans)
        ]

    def statements(self) -> list[RawStatement]:
        self.starts: set[int] = set()  # quantities read as a 从/由 starting point
        out, used = self._respectively()
        taken: dict[int, tuple[_Name, int | None]] = {}  # quantity index → (name, bound year)
        for i, q in enumerate(self.qs):
            if i in used or q.unit is None:
                continue
            name = self._name_before(q.start)
            if name is None:
                continue
            bound = self._bind(i, name, taken)
            if bound is STARTING_POINT:
                self.starts.add(i)
                continue
            if bound is not False:
                taken[i] = (name, bound)
        for i, (name, bound) in sorted(taken.items()):
            out.append(self._make(name, self.qs[i], bound))
        return sorted(out, key=lambda r: r.offset)

    # ------------------------------------------------------------ binding

    def _bind(self, i: int, name: _Name, taken: dict) -> int | None | bool | str:
        """The year bound to quantity i (None: none), or False when it is not a statement."""
        q = self.qs[i]
        prev = self.qs[i - 1] if i > 0 else None
        if prev is None or prev.end <= name.end:
            return self._first(name, q)
        before = taken.get(i - 1)
        gap = self.s[prev.end : q.start]
        year = self._year_in(prev.end, q.start)
        rest = self._strip_years(gap)
        if CHANGE_TO.fullmatch(rest) and (i - 1 in self.starts or before and before[0] is name):
            return False if self._bounded_tail(q) else year  # 由39.5%提高到40.85%: the result
        if before is None or before[0] is not name or not CHAIN.fullmatch(rest):
            return False
        if year is None or before[1] is None:
            if not re.search(r"[，,、]", rest):  # two table columns of figures, no year on each
                taken.pop(i - 1, None)
            return False
        return year if not self._bounded_tail(q) else False

    def _first(self, name: _Name, q: Quantity) -> int | None | bool | str:
        gap = self.s[name.end : q.start]
        rest = self._strip_years(gap)
        if len(re.sub(r"[ \t|:]", "", rest)) > MAX_GAP or CLAUSE_BREAK.search(rest):
            return False
        if TARGET.search(rest) or DELTA.search(rest) or self._target_prefix(name.start):
            return False
        year = self._year_in(name.end, q.start)
        if year is None and re.search("[由从]", rest):
            return STARTING_POINT  # 从35%提高到…: a past figure, of a year not given
        return False if self._bounded_tail(q) else year

    def _respectively(self) -> tuple[list[RawStatement], set[int]]:
        """绿化覆盖率、绿地率分别为40.85%、36.2%: names in a list, then as many figures."""
        out: list[RawStatement] = []
        used: set[int] = set()
        for m in re.finditer("分别", self.s):
            names = self._name_list(m.start())
            figures = self._figure_list(m.end(), len(names))
            if not names or figures is None or self._target_prefix(names[0].start):
                continue
            for name, i in zip(names, figures, strict=True):
                used.add(i)
                if not self._bounded_tail(self.qs[i]):
                    out.append(self._make(name, self.qs[i], None))
        return out, used

    def _name_list(self, at: int) -> list[_Name]:
        before = [n for n in self.names if n.end <= at]
        if not before or len(re.sub(r"\s", "", self.s[before[-1].end : at])) > 4:
            return []
        chain = [before[-1]]
        for n in reversed(before[:-1]):
            if not LIST_JOIN.fullmatch(self.s[n.end : chain[0].start]):
                break
            chain.insert(0, n)
        return chain if len(chain) > 1 else []

    def _figure_list(self, at: int, count: int) -> list[int] | None:
        after = [i for i, q in enumerate(self.qs) if q.start >= at][:count]
        if count < 2 or len(after) < count or any(self.qs[i].unit is None for i in after):
            return None
        if not RESPECTIVE_LEAD.fullmatch(self.s[at : self.qs[after[0]].start]):
            return None
        for a, b in pairwise(after):
            if not LIST_JOIN.fullmatch(self.s[self.qs[a].end : self.qs[b].start]):
                return None
        return after

    # ------------------------------------------------------------ context

    def _name_before(self, pos: int) -> _Name | None:
        found = None
        for n in self.names:
            if n.end > pos:
                break
            found = n
        return found

    def _target_prefix(self, start: int) -> bool:
        """Target words before the name: strong ones in the sentence, others in its clause."""
        head = self.s[:start]
        if SENTENCE_TARGET.search(head):
            return True
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
        return bool(PREFIX_TARGET.search(head, breaks[-1] if breaks else 0))

    def _bounded_tail(self, q: Quantity) -> bool:
        return bool(TAIL_BOUND.match(self.s, q.end))

    def _year_in(self, a: int, b: int) -> int | None:
        inside = [y for y in self.years if a <= y.start and y.end <= b]
        return inside[-1].year if inside else None

    def _strip_years(self, gap: str) -> str:
        return re.sub(r"(?:19|20)\d{2}(?:\s*年度?)?", "", gap)

    def _sentence_year(self, start: int) -> int | None:
        """The last year named before `start` that is not bound to another figure."""
        bound = {(y.start, y.end) for y in self._bound_years()}
        earlier = [
            y
            for y in self.years
            if y.end <= start
            and (y.start, y.end) not in bound
            and not SINCE.match(self.s, y.end)
            and not self._compared(y)
        ]
        return earlier[-1].year if earlier else None

    def _compared(self, y: YearMark) -> bool:
        """与2022年相比, 比2022年, 较2022年同期: a year compared with, not spoken of."""
        return bool(
            COMPARED.search(self.s, max(0, y.start - 4), y.start)
            or COMPARED_AFTER.match(self.s, y.end)
        )

    def _bound_years(self) -> list[YearMark]:
        out = []
        for y in self.years:
            later = next((q for q in self.qs if q.start >= y.end), None)
            if later is not None and re.fullmatch(
                r"[ \t|:的为是末底]*(?:达到|达)?[ \t|:]*", self.s[y.end : later.start]
            ):
                out.append(y)
        return out

    def _make(self, name: _Name, q: Quantity, bound: int | None) -> RawStatement:
        year = bound if bound is not None else self._sentence_year(name.start)
        found = HORIZON.search(self.s, 0, name.start)
        horizon = int(found.group(1)) if found else None
        return RawStatement(
            indicator=name.code,
            alias=name.alias,
            value=q.value,
            decimals=q.decimals,
            unit=q.unit or "",
            year=year,
            text=self._clause(name.start, q.end),
            horizon=horizon,
            offset=self.offset + name.start,
        )

    def _clause(self, a: int, b: int) -> str:
        """The sentence as written, cut to about 100 characters around the statement."""
        text = self.original
        lo, hi = max(0, a - 40), min(len(text), b + 40)
        return ("…" if lo else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")
