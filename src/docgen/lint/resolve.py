"""Word's property inheritance: styles (w:basedOn), document defaults and theme fonts.

Run properties: document defaults (w:docDefaults/w:rPrDefault) → the paragraph style
and its w:basedOn ancestors, root first → the run's character style chain → the run's
direct w:rPr; each attribute of w:rFonts separately, and a theme attribute
(w:eastAsiaTheme …) taking precedence over the plain name in the same element. A theme
font resolves through theme1.xml's major/minor font: <a:ea typeface> when it names a
face, otherwise the <a:font script="Hans"> entry for the document's east-Asian theme
language (w:themeFontLang; Chinese when absent). Paragraph properties follow the same
chain without the character styles.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = R_NS + "/officeDocument"
DEFAULT_SIZE_PT = 10.0  # Word's size when nothing sets one
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_ATTRS = {
    "ascii": "asciiTheme",
    "hAnsi": "hAnsiTheme",
    "eastAsia": "eastAsiaTheme",
    "cs": "cstheme",
}
SCRIPTS = {
    "zh-CN": "Hans",
    "zh-SG": "Hans",
    "zh-TW": "Hant",
    "zh-HK": "Hant",
    "zh-MO": "Hant",
    "ja-JP": "Jpan",
    "ko-KR": "Hang",
}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def wattr(el, name: str) -> str | None:
    return None if el is None else el.get(w(name))


class Theme:
    def __init__(self, root) -> None:
        self.fonts: dict[str, dict[str, str]] = {}
        if root is None:
            return
        for kind in ("major", "minor"):
            el = root.find(f".//{{{A_NS}}}{kind}Font")
            if el is None:
                continue
            entry = {}
            for tag in ("latin", "ea", "cs"):
                child = el.find(f"{{{A_NS}}}{tag}")
                entry[tag] = "" if child is None else child.get("typeface", "")
            for child in el.findall(f"{{{A_NS}}}font"):
                entry["script:" + child.get("script", "")] = child.get("typeface", "")
            self.fonts[kind] = entry

    def resolve(self, theme_name: str, script: str) -> str | None:
        """majorEastAsia / minorHAnsi … → a face name."""
        kind = "major" if theme_name.startswith("major") else "minor"
        entry = self.fonts.get(kind, {})
        if theme_name.endswith("EastAsia"):
            return entry.get("ea") or entry.get("script:" + script) or None
        if theme_name.endswith("Bidi"):
            return entry.get("cs") or None
        return entry.get("latin") or None


class Styles:
    def __init__(self, root) -> None:
        self.by_id: dict = {}
        self.default_paragraph: str | None = None
        self.doc_rpr = self.doc_ppr = None
        if root is None:
            return
        for style in root.findall(w("style")):
            sid = wattr(style, "styleId")
            self.by_id[sid] = style
            default = wattr(style, "default") in ("1", "true", "on")
            if default and wattr(style, "type") == "paragraph":
                self.default_paragraph = sid
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.doc_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            self.doc_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")

    def chain(self, style_id: str | None) -> list:
        """The style and its basedOn ancestors, root first (cycles cut)."""
        out: list = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen and len(out) < 32:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            style_id = wattr(style.find(w("basedOn")), "val")
        return out[::-1]

    def name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id)
        return style_id if style is None else wattr(style.find(w("name")), "val") or style_id


class RunResolver:
    """Merges rPr layers into the properties the checks need."""

    def __init__(self, theme: Theme, script: str) -> None:
        self.theme, self.script = theme, script

    def resolve(self, layers: list) -> dict:
        slots: dict[str, tuple[str, str]] = {}
        props: dict = {"size": None, "color": None}
        for rpr in layers:
            if rpr is None:
                continue
            fonts = rpr.find(w("rFonts"))
            if fonts is not None:
                for slot in SLOTS:
                    theme = wattr(fonts, THEME_ATTRS[slot])
                    name = wattr(fonts, slot)
                    if theme:
                        slots[slot] = ("theme", theme)
                    elif name:
                        slots[slot] = ("name", name)
            size = wattr(rpr.find(w("sz")), "val") or ""
            digits = size.removeprefix("-")
            if (
                digits.isascii() and digits.isdigit() and len(digits) < 7
            ):  # not "²", not 5,000 digits
                props["size"] = int(size) / 2
            color = wattr(rpr.find(w("color")), "val")
            if color:
                props["color"] = color
        props["eastAsia"] = self._face(slots.get("eastAsia"))
        props["ascii"] = self._face(slots.get("ascii"))
        return props

    def _face(self, slot: tuple[str, str] | None) -> str | None:
        if slot is None:
            return None
        kind, value = slot
        return self.theme.resolve(value, self.script) if kind == "theme" else value


def merge_ppr(layers: list) -> dict:
    """jc, spacing line/lineRule, snapToGrid, pageBreakBefore, framePr over pPr layers."""
    props: dict = {
        "jc": "left",
        "line": None,
        "lineRule": "auto",
        "snap": True,
        "pageBreakBefore": False,
        "frame": None,
    }
    for ppr in layers:
        if ppr is None:
            continue
        jc = wattr(ppr.find(w("jc")), "val")
        if jc:
            props["jc"] = {"start": "left", "end": "right"}.get(jc, jc)
        spacing = ppr.find(w("spacing"))
        if spacing is not None:
            if wattr(spacing, "line") is not None:
                props["line"] = to_int(wattr(spacing, "line"))
                props["lineRule"] = wattr(spacing, "lineRule") or "auto"
            elif wattr(spacing, "lineRule"):
                props["lineRule"] = wattr(spacing, "lineRule")
        snap = ppr.find(w("snapToGrid"))
        if snap is not None:
            props["snap"] = is_on(snap)
        brk = ppr.find(w("pageBreakBefore"))
        if brk is not None:
            props["pageBreakBefore"] = is_on(brk)
        frame = ppr.find(w("framePr"))
        if frame is not None:
            props["frame"] = wattr(frame, "xAlign") or "frame"
    return props


def is_on(el) -> bool:
    return wattr(el, "val") not in ("0", "false", "off")


def to_int(text: str | None) -> int | None:
    """An OOXML measure as an integer; None for what is none ("abc", "NaN", "1e400")."""
    try:
        return int(float(text)) if text is not None else None
    except (ValueError, OverflowError):
        return None
