"""What several format checks share: measures, fonts, the footer's page number, and the
paragraphs of the 版记 and the 附件说明 found by their text."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ...findings import Finding
from ...gbt9704 import spec
from .. import text as tx
from ..base import Doc, finding, where_many
from ..docx_view import ParagraphView, SectionView

# ------------------------------------------------------------------ measures


def mm(twips: int | None) -> str:
    return "未设置" if twips is None else f"{spec.twips_to_mm(twips):.1f}"


# ------------------------------------------------------------------ fonts


_FAMILIES = (
    ("小标宋", "xiaobiaosong"),
    ("xiaobiaosong", "xiaobiaosong"),
    ("仿宋", "fangsong"),
    ("fangsong", "fangsong"),
    ("黑体", "hei"),
    ("simhei", "hei"),
    ("楷体", "kai"),
    ("kaiti", "kai"),
)


def first_face(face: str) -> str:
    """The face Word uses from a list of alternatives ("仿宋_GB2312;微软雅黑", as
    LibreOffice writes a .doc's fonts)."""
    return re.split(r"[;,；，]", face)[0].strip()


def family(face: str | None) -> str | None:
    """The 公文 family a face belongs to by its name: 长城小标宋体 and 方正小标宋_GBK are
    小标宋, 华文仿宋 and FangSong_GB2312 are 仿宋 (None: no such family)."""
    name = first_face(face or "").casefold()
    return next((fam for key, fam in _FAMILIES if key in name), None)


def face_ok(face: str | None, accepted: frozenset[str]) -> bool:
    """A face named in `accepted`, or of the same family; Latin names compare without
    case ("Fangsong" = "FangSong")."""
    if face is None:
        return False
    name = first_face(face).casefold()
    if name in {a.casefold() for a in accepted}:
        return True
    fam = family(name)
    return fam is not None and fam in {family(a) for a in accepted}


def is_display(face: str | None) -> bool:
    """黑体 or 楷体: the faces of headings, labels and emphasis."""
    return family(face) in ("hei", "kai")


def face_text(face: str | None) -> str:
    return face or "未设置（缺少 w:eastAsia，Word 将用默认字体）"


def font_findings(
    doc: Doc, rule_id: str, items, accepted, font: str, size: float, what: str
) -> list[Finding]:
    """items: (paragraph, runs) or (paragraph, runs, runs whose face is checked); one
    finding per wrong face and per wrong size."""
    faces: dict[str, list[ParagraphView]] = defaultdict(list)
    sizes: dict[float, list[ParagraphView]] = defaultdict(list)
    for p, runs, *face_runs in items:
        checked = face_runs[0] if face_runs else runs
        face = next((r.east_asia for r in checked if not face_ok(r.east_asia, accepted)), "")
        if face != "":
            faces[face_text(face)].append(p)
        wrong = next((r.size for r in runs if abs(r.size - size) > 0.25), None)
        if wrong is not None:
            sizes[wrong].append(p)
    out = [
        finding(
            doc, rule_id, "face", ps[0], where=where_many(ps), what=what, value=value, expected=font
        )
        for value, ps in sorted(faces.items())
    ]
    out += [
        finding(
            doc,
            rule_id,
            "size",
            ps[0],
            where=where_many(ps),
            what=what,
            size=value,
            want=size,
            value=f"{value:g} 磅",
            expected=f"{size:g} 磅",
        )
        for value, ps in sorted(sizes.items())
    ]
    return out


# ------------------------------------------------------------------ page number


def page_paragraphs(doc: Doc, s: SectionView) -> tuple[ParagraphView | None, ParagraphView | None]:
    """The footer paragraphs holding a PAGE field on odd and on even pages."""
    odd = _page_paragraph(s.footers.get("default", []))
    even = _page_paragraph(s.footers.get("even", [])) if doc.view.even_and_odd else odd
    return odd, even


def first_page_paragraph(s: SectionView) -> ParagraphView | None:
    """The first page's footer paragraph holding a PAGE field (w:titlePg sections)."""
    return _page_paragraph(s.footers.get("first", []))


def _page_paragraph(footer: list[ParagraphView]) -> ParagraphView | None:
    return next((p for p in footer if re.search(r"\bPAGE\b", p.instr)), None)


def once(findings: list[Finding]) -> list[Finding]:
    """Each message once: every section repeats the same footers."""
    seen: set[str] = set()
    out = []
    for f in findings:
        if f.message not in seen:
            seen.add(f.message)
            out.append(f)
    return out


# ------------------------------------------------------------------ 版记 and 附件说明


def top_level(doc: Doc) -> list[ParagraphView]:
    return [p for p in doc.view.paragraphs if p.text.strip()]


def with_tables(doc: Doc) -> list[ParagraphView]:
    """The paragraphs with text, those in tables after the others (版记 is often a table)."""
    return top_level(doc) + [q for q in doc.view.table_paragraphs if q.text.strip()]


def cc_lines(doc: Doc) -> Iterator[tuple[ParagraphView, str]]:
    """(paragraph, label): the 抄送 (or 抄报) lines."""
    for p in with_tables(doc):
        label = tx.cc_line(p.text)
        if label:
            yield p, label


def attachment_notes(doc: Doc) -> Iterator[tuple[ParagraphView, str, list]]:
    """(paragraph, colon, names) for each 附件说明: the colon written after 附件, and
    (paragraph, text) for each attachment named there and in the numbered lines below."""
    paragraphs = doc.view.paragraphs
    for i, p in enumerate(paragraphs):
        m = tx.ATTACHMENT.match(tx.no_spaces(p.text))
        if m:
            yield p, m["colon"], [(p, m["rest"])] + _more_names(paragraphs[i + 1 :])


def _more_names(rest: list[ParagraphView]) -> list[tuple[ParagraphView, str]]:
    out = []
    for q in rest:
        if not tx.ATTACHMENT_ITEM.match(tx.no_spaces(q.text)):
            break
        out.append((q, tx.no_spaces(q.text)))
    return out


# ------------------------------------------------------------------ elements a kind needs

_NUMBER = re.compile(r"[〔［\[【(（][0-9０-９xX×Ｘ]{2,4}[〕］\]】)）]\S{0,8}号")
RECIPIENT_MAX = 80  # characters of a 主送机关 line


def has_doc_number(doc: Doc) -> bool:
    """A 发文字号 anywhere in the document (text boxes and tables too; "X号" placeholders
    of a template count)."""
    return any(
        tx.doc_number_problems(line) is not None or _NUMBER.search(tx.no_spaces(line))
        for line in doc.view.all_lines
    )


def has_signer(doc: Doc) -> bool:
    return any("签发人" in tx.no_spaces(line) for line in doc.view.all_lines)


def has_recipient(doc: Doc) -> bool:
    """A 主送机关 line (a short line ending in a colon) at the head of the 正文, or 主送
    in the 版记."""
    head = [p for p in doc.body[:3] if not tx.heading_level(p.text)]
    if any(_recipient_line(p.text) for p in head):
        return True
    return any(tx.colophon_recipient(p.text) for p in with_tables(doc))  # labelled, anywhere


def _recipient_line(text: str) -> bool:
    t = tx.no_spaces(text)
    return 1 < len(t) <= RECIPIENT_MAX and t.endswith(("：", ":")) and "。" not in t
