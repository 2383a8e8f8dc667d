"""GB/T 9704-2012 《党政机关公文格式》: the numbers every template and `docgen lint` share.

Sources and confidence labels: ../shared/DOMAIN.md §5. Lengths are in millimetres or
points as the standard states them; Word's units (twips = 1/20 pt, eighths of a point)
are derived here once so that the builder and the check cannot disagree.

Font names. The standard names the faces (小标宋, 仿宋, 黑体, 楷体, 宋体), not a vendor.
We write the names a 公文 machine in China has installed: 方正小标宋简体 for the title
(the de-facto face, the one every official template names), 仿宋 / 黑体 / 楷体 / 宋体
(the names Windows ≥ Vista ships). The check accepts the common aliases as the same
face: the *_GB2312 names of Windows XP, the 方正 GBK builds, and 华文中宋 for the title
(the usual substitute where 方正小标宋 is not licensed). A face outside these lists is
reported with the name found.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

# ------------------------------------------------------------------ page [C]
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # 天头
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28  # 订口
MARGIN_RIGHT_MM = 26
MARGIN_TOLERANCE_MM = 1.0
PAPER_TOLERANCE_MM = 1.0
FOOTER_DISTANCE_MM = 25  # puts the "— 1 —" line about 7 mm below the 版心
HEADER_DISTANCE_MM = 15

TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156 (版心宽)
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225 (版心高)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def twips_to_mm(twips: float) -> float:
    return twips / 1440 * 25.4


TEXT_WIDTH_TWIPS = (
    mm_to_twips(PAGE_WIDTH_MM) - mm_to_twips(MARGIN_LEFT_MM) - mm_to_twips(MARGIN_RIGHT_MM)
)  # 8845
TEXT_HEIGHT_TWIPS = (
    mm_to_twips(PAGE_HEIGHT_MM) - mm_to_twips(MARGIN_TOP_MM) - mm_to_twips(MARGIN_BOTTOM_MM)
)  # 12756
# rounded down, or the 22nd line / 28th character would not fit
LINE_PITCH_TWIPS = TEXT_HEIGHT_TWIPS // LINES_PER_PAGE  # 579 = 28.95 pt

# ------------------------------------------------------------------ type sizes (字号)
SIZE_2 = 22.0  # 二号: title
SIZE_3 = 16.0  # 三号: everything else unless stated
SIZE_4 = 14.0  # 四号: 版记, page number
SIZE_MASTHEAD = SIZE_2  # 简报 name: 2号 like a title, so any title check reads it as one
CHAR_PT = SIZE_3  # one 字 of body text

# 28 characters a line. A linesAndChars grid with a negative w:charSpace (Word's way)
# is laid out by LibreOffice at two grid cells for every 16 pt character (14 a line),
# because a 3号 character (16 pt) is wider than the 15.8 pt cell: 28 × 16 pt does not
# fit the 156 mm 版心. So the grid is type "lines" (22 lines) and every run is condensed
# by w:spacing (twentieths of a point, a plain run property Word, WPS and LibreOffice
# all honour): 16 − 0.25 = 15.75 pt a character, 28 of them in 441 of the 442.25 pt.
GRID_TYPE = "lines"
CHAR_SPACING_TWIPS = TEXT_WIDTH_TWIPS // CHARS_PER_LINE - round(SIZE_3 * 20)  # -5

# ------------------------------------------------------------------ line spacing
LINE_SPACING_PT = LINE_PITCH_TWIPS / 20  # 28.95 pt, 固定值
LINE_SPACING_MIN_PT = 28.0  # the check's window ("固定值 28–29磅" in local practice [S])
LINE_SPACING_MAX_PT = 29.5

# ------------------------------------------------------------------ faces
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋"
FONT_HEI = "黑体"
FONT_KAI = "楷体"
FONT_SONG = "宋体"

TITLE_FONTS = frozenset(
    {
        "方正小标宋简体",
        "方正小标宋_GBK",
        "方正小标宋",
        "小标宋",
        "小标宋体",
        "华文中宋",
        "FZXiaoBiaoSong-B05S",
        "FZXiaoBiaoSong-B05",
    }
)
BODY_FONTS = frozenset(
    {
        "仿宋",
        "仿宋_GB2312",
        "仿宋体",
        "方正仿宋_GBK",
        "方正仿宋简体",
        "华文仿宋",
        "FangSong",
        "FangSong_GB2312",
    }
)
HEI_FONTS = frozenset({"黑体", "方正黑体_GBK", "方正黑体简体", "SimHei"})
KAI_FONTS = frozenset(
    {"楷体", "楷体_GB2312", "方正楷体_GBK", "方正楷体简体", "华文楷体", "KaiTi", "KaiTi_GB2312"}
)
SONG_FONTS = frozenset({"宋体", "SimSun", "新宋体", "NSimSun", "方正书宋_GBK"})

# heading levels: 一、 → （一） → 1. → （1） in 黑体 → 楷体 → 仿宋 → 仿宋 [C]
HEADING_FONTS = {1: FONT_HEI, 2: FONT_KAI, 3: FONT_BODY, 4: FONT_BODY}
HEADING_ACCEPTED = {1: HEI_FONTS, 2: KAI_FONTS, 3: BODY_FONTS, 4: BODY_FONTS}

# ------------------------------------------------------------------ style names
STYLE_NORMAL = "Normal"
STYLE_TITLE = "公文标题"
STYLE_HEADINGS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
STYLE_COLOPHON = "版记"
STYLE_TABLE_TEXT = "表格文字"
STYLE_FOOTER = "页码"
# ASCII style ids: some tools mangle non-ASCII ids
STYLE_IDS = {
    STYLE_TITLE: "GongwenTitle",
    STYLE_HEADINGS[1]: "GongwenHeading1",
    STYLE_HEADINGS[2]: "GongwenHeading2",
    STYLE_HEADINGS[3]: "GongwenHeading3",
    STYLE_HEADINGS[4]: "GongwenHeading4",
    STYLE_COLOPHON: "GongwenColophon",
    STYLE_TABLE_TEXT: "GongwenTableText",
    STYLE_FOOTER: "GongwenPageNumber",
}

# ------------------------------------------------------------------ 版记 rules [C]
RULE_THICK_MM = 0.35  # first and last
RULE_THIN_MM = 0.25  # middle
MASTHEAD_RULE_MM = 0.5  # the red rule under a 简报 masthead


def rule_eighths(mm: float) -> int:
    """A rule width in w:sz units (eighths of a point): 0.35 mm → 8, 0.25 mm → 6."""
    return round(mm / 25.4 * 72 * 8)


# ------------------------------------------------------------------ colours
BLACK = "000000"
RED = "FF0000"

# ------------------------------------------------------------------ page number
PAGE_DASH = "—"  # 一字线 U+2014
INDENT_BODY_CHARS = 2
SIGNATURE_RIGHT_CHARS = 4  # 成文日期 右空四字

# ------------------------------------------------------------------ reproducible output
FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
AUTHOR = "docgen"


def pt_to_twips(pt: float) -> int:
    return round(pt * 20)


# ------------------------------------------------------------------ 版头 [C]
MARK_SIZE = 42.0  # 发文机关标志 / 纪要标志: 初号 (the standard leaves the size to 醒目、美观)
MARK_TOP_MM = 35  # its top edge below the 版心's top edge
MARK_WIDTH_PT = TEXT_WIDTH_TWIPS / 20 - 2 * SIZE_3  # no wider than the 版心, 一字 each side
NUMBER_RULE_MM = 4  # the red separator line 4 mm under the 发文字号
SEPARATOR_MM = 0.5  # its width (the standard fixes none; 0.5 mm prints as a clear rule)
TOP_LINES = 3  # 份号, 密级和保密期限, 紧急程度: 版心左上角, one line each
TITLE_CHARS_PER_LINE = math.floor(TEXT_WIDTH_TWIPS / (SIZE_2 * 20 + CHAR_SPACING_TWIPS)) - 1
