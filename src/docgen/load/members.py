"""The member-unit list (成员单位) as one index: every unit with its 简称, and how a
cell that names units (责任单位, 责任者, 来源) is matched against it.

* A name matches a member unit by its 单位名称 or any 简称, compared without spaces
  and after NFKC (full-width letters and brackets count as half-width).
* 简称 may list several names, split by `aliases` (、,，;；/ and white space).
* A 责任单位 cell may name several units ("市城管局、市住建局"); a role label
  ("牵头：") and a bracketed note ("市城管局（牵头）") are ignored when the name
  without them matches.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..model import DataSheet

_SPACE = re.compile(r"\s+")
_ALIASES = re.compile(r"[、,，;；/／\s]+")  # between the names of one 简称 cell
_UNITS = re.compile(r"[、,，;；/／\n]+")  # between the units of one 责任单位 cell
_ROLE = re.compile(r"^(?:牵头|配合|责任|协办|主办|参与)(?:单位)?[:：]")
_BRACKETS = re.compile(r"[(（][^)）]*[)）]")


def comparable(text: str) -> str:
    """Text as compared: NFKC, no spaces anywhere."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("\u200b", "")


def aliases(text: str) -> list[str]:
    """The names a 简称 cell lists, as written: the one splitter of 简称."""
    return [a for a in _ALIASES.split(text) if a]


@dataclass(frozen=True)
class MemberUnit:
    """A row of the member-unit list."""

    name: str  # 单位名称 as written
    aliases: tuple[str, ...]  # 简称, as written
    contact: str
    phone: str


@dataclass(frozen=True)
class Members:
    """The member units in list order (the first row of a repeated name), and every
    name and 简称 → its unit's full name: `names` compares squeezed text, `exact`
    the text as written (a ledger's 责任者, a data row's 来源)."""

    units: tuple[MemberUnit, ...]
    names: dict[str, str]
    exact: dict[str, str]

    def match(self, text: str) -> str | None:
        key = _ROLE.sub("", comparable(text))
        hit = self.names.get(key)
        if hit is None and _BRACKETS.search(key):
            hit = self.names.get(_BRACKETS.sub("", key))
        return hit

    def suggest(self, text: str) -> list[str]:
        """The closest member units (difflib ratio ≥ 0.5 against a name or 简称);
        two when they are equally close, so that a tie is not settled by chance."""
        key = comparable(text)
        best: dict[str, float] = {}
        for name, full in self.names.items():
            score = difflib.SequenceMatcher(None, key, name).ratio()
            best[full] = max(best.get(full, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < 0.5:
            return []
        top = ranked[0][1]
        return [full for full, score in ranked[:2] if score > top - 1e-9]

    def parts(self, text: str) -> list[tuple[str, str | None]]:
        """The units a 责任单位 cell names: (as written, full name or None)."""
        return unit_parts(text, self)


NO_MEMBERS = Members((), {}, {})


def read_members(sheet: DataSheet | None) -> Members:
    """The index of the member-unit list; empty when there is none."""
    if sheet is None or not sheet.present:
        return NO_MEMBERS
    units: dict[str, MemberUnit] = {}
    names: dict[str, str] = {}
    exact: dict[str, str] = {}
    for r in sheet.rows:
        name = r.text("单位名称")
        if not name:
            continue
        written = aliases(r.text("简称"))
        units.setdefault(name, MemberUnit(name, tuple(written), r.text("联系人"), r.text("电话")))
        full = comparable(name)
        for key in (name, *written):
            exact.setdefault(key, name)
            if comparable(key):
                names.setdefault(comparable(key), full)
    return Members(tuple(units.values()), names, exact)


def unit_parts(text: str, known: Members | None) -> list[tuple[str, str | None]]:
    """The units a 责任单位 cell names: (as written, full name or None). Without a
    member list (`known` None or empty) nothing matches."""
    known = known if known is not None and known.names else None
    out: list[tuple[str, str | None]] = []
    for chunk in _UNITS.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        full = known.match(chunk) if known else None
        pieces = chunk.split()
        if full is None and known and len(pieces) > 1 and all(known.match(p) for p in pieces):
            out.extend((p, known.match(p)) for p in pieces)
        else:
            out.append((chunk, full))
    return out
