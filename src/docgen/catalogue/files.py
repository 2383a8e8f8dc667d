"""The rules on the filed files themselves.

Variants named "note-…", "why-…" and "root-…" are fragments a message takes as a
field: what loading recorded about a row's file (model.LinkNote, model.Unread).
"""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

_PATH_MISSING = "{at}的文件路径“{written}”指向的文件 {shown} 不存在。"
_PATH_FIX = "请把该件的电子文件放到这个位置，或改正文件路径。"
_CODE_MISSING = (
    "{at}（档号 {code}）在归档文件夹 {folder} 中找不到电子文件"
    "（应为以档号命名的文件，如 {code}.pdf）。"
)
_CODE_FIX = "请扫描或放入该件的电子文件，文件名用档号；或在“文件路径”列写明它的位置。"
_NO_ID = "{at}既没有档号也没有文件路径，无法确定对应的电子文件。"
_ROOT_FIX = "注意：{root}，请先检查 docgen.yaml 中 paths.archive 的设置。"

MISSING = {
    "path": _PATH_MISSING + _PATH_FIX,
    "path-note": _PATH_MISSING + "{note}。" + _PATH_FIX,
    "path-root": _PATH_MISSING + _ROOT_FIX,
    "code": _CODE_MISSING + _CODE_FIX,
    "code-note": _CODE_MISSING + "{note}。" + _CODE_FIX,
    "code-root": _CODE_MISSING + _ROOT_FIX,
    "no-id": _NO_ID + "请补填档号。",
    "no-id-root": _NO_ID + _ROOT_FIX,
    "note-gbk-name": (
        "归档文件夹中有文件名按 GBK 编码保存的文件，解码后为“{names}”，正是本行要的文件。"
        "请把文件名改为 UTF-8 编码（如用支持中文的工具重新解压，或重命名该文件）"
    ),
    "note-same-stem": "同一文件夹中有 {names}（扩展名不同），请核对文件路径",
    "note-same-name": "在 {names} 找到同名文件，请核对文件路径",
    "root-no-folder": "归档文件夹 {folder}/ 不存在",
    "root-folder": "归档文件夹 {folder}/ 无法读取（{reason}）",
}

_ORPHAN = "归档文件夹中的文件“{file}”没有任何目录行指向它。"
_ORPHAN_FIX = "请在归档文件目录中为它登记一行（档号、题名等），或把它移出归档文件夹。"
ORPHAN = {
    "": _ORPHAN + _ORPHAN_FIX,
    "gbk": _ORPHAN
    + "该文件名按 GBK 编码保存（这里显示的是解码后的名称），请先重命名为 UTF-8 文件名。"
    + _ORPHAN_FIX,
    "unknown": _ORPHAN
    + "该文件名既不是 UTF-8 也不是 GBK 编码（无法识别的字符显示为“�”），请先重命名。"
    + _ORPHAN_FIX,
}

_ONLY_INSIDE = "。docgen 只检查归档文件夹 {folder} 内的文件："
OUTSIDE_ROOT = {
    "path": (
        "{at}的文件路径“{written}”{why}" + _ONLY_INSIDE + "请把文件本身放进归档文件夹，"
        "并把文件路径写成相对于该文件夹的路径（如 2025/文件名.pdf）。"
    ),
    "code": (
        "{at}（档号 {code}）的文件“{file}”{why}" + _ONLY_INSIDE + "请把文件本身（而不是链接）"
        "放进归档文件夹。"
    ),
    "link": (
        "归档文件夹中的“{file}”是指向归档文件夹之外的链接（快捷方式），"
        "docgen 不会跟随它读取外部文件。请把文件本身复制进归档文件夹，再删除该链接。"
    ),
    "why-outside-link": "是指向归档文件夹之外的链接（快捷方式）",
    "why-through-link": "经过了指向归档文件夹之外的链接“{names}”",
    "why-absolute": "是绝对路径（应写相对于归档文件夹的路径）",
    "why-dotdot": "含“..”，指向了归档文件夹之外",
    "why-": "超出了归档文件夹",  # no note recorded
}

_CANNOT_CHECK = "归档文件夹中的“{file}”无法检查（{reason}）。请把它移出归档文件夹。"
UNREADABLE = {
    "": (
        "{at}的文件“{file}”无法正常打开：{reason}。"
        "请换成能正常打开的文件（重新扫描或导出）；如只是扩展名写错，请改为正确的扩展名。"
    ),
    "subfolder": (
        "归档文件夹中的“{file}”文件夹无法读取（{reason}），其中的文件未能检查。请检查它的访问权限。"
    ),
    "file": _CANNOT_CHECK,
    "special": _CANNOT_CHECK.replace("{reason}", "不是普通文件，而是管道或设备文件"),
}

_SAME_TWICE = "，同一份文件归入了两个档号。请核对是否放错了文件，或删除重复的登记。"
DUPLICATE_CONTENT = {
    "": (
        "{at}（档号 {code}）的文件“{file}”与{first_at}（档号 {first_code}）的文件"
        "“{first_file}”内容完全相同" + _SAME_TWICE
    ),
    "same-file": (
        "{at}（档号 {code}）与{first_at}（档号 {first_code}）指向同一个文件“{file}”" + _SAME_TWICE
    ),
    "no-code": "空",  # shown for a row without 档号
}

# file.unread: a filed file whose words docgen did not read (model.Reading), so the
# figures it states were not compared with the data sheet; one finding per file.
_UNREAD = "{at}的文件“{file}”"
_NOT_COMPARED = "其中的指标数值没有与指标数据表核对。"
UNREAD = {
    "no-ocr": _UNREAD
    + "是扫描件或图片，本机没有可用的 OCR 文字识别，未能读取其中的文字，"
    + _NOT_COMPARED
    + "安装 OCR：pip install 'docgen[ocr]'；如设置了 DOCGEN_NO_OCR=1，请去掉后重新审核。",
    "no-libreoffice": _UNREAD
    + "是 .doc/.wps 格式，本机没有安装 LibreOffice，未能读取其中的文字，"
    + _NOT_COMPARED
    + "安装 LibreOffice：sudo apt-get install -y libreoffice-writer-nogui；"
    "或把该文件另存为 .docx 或 PDF 后重新归档。",
    "unreadable": _UNREAD
    + "未能读取其中的文字（{detail}），"
    + _NOT_COMPARED
    + "请用 WPS 或 Word 打开检查，必要时另存为 PDF 或重新扫描后归档。",
    "timeout": _UNREAD
    + "读取文字超时（{detail}），"
    + _NOT_COMPARED
    + "请检查该文件是否异常庞大或损坏，必要时拆分或另存为 PDF 后重新归档。",
    "too-big": _UNREAD
    + "过大（{detail}），未读取其中的文字，"
    + _NOT_COMPARED
    + "请把它拆分为几份较小的文件后归档。",
    # a file read in part: its scanned pages were not
    "pages-no-ocr": _UNREAD
    + "第 {pages} 页是扫描页，本机没有可用的 OCR 文字识别，这些页"
    + _NOT_COMPARED
    + "安装 OCR：pip install 'docgen[ocr]'；如设置了 DOCGEN_NO_OCR=1，请去掉后重新审核。",
    "pages": _UNREAD
    + "第 {pages} 页是扫描页，未能识别其中的文字（{detail}），这些页"
    + _NOT_COMPARED
    + "请检查这些页的扫描质量，必要时重新扫描后归档。",
}

RULES = [
    Rule("file.missing", ERROR, "文件缺失", MISSING),
    Rule("file.orphan", WARNING, "文件未登记", ORPHAN),
    Rule("file.unreadable", ERROR, "文件损坏或与扩展名不符", UNREADABLE),
    Rule(
        "file.encrypted",
        ERROR,
        "文件设有密码",
        {"": "{at}的文件“{file}”设有密码（{reason}），检查人员无法打开。请去除密码后重新归档。"},
    ),
    Rule(
        "file.empty",
        ERROR,
        "文件为空",
        {"": "{at}的文件“{file}”是空的（{reason}）。请换成内容完整的电子文件。"},
    ),
    Rule(
        "file.page-mismatch",
        ERROR,
        "页数与文件不符",
        {
            "": "{at}登记的页数为 {expected}，但 PDF 文件“{file}”实际有 {value} 页。"
            "请核对：改正页数，或补齐/替换扫描件。",
            "ofd": "{at}登记的页数为 {expected}，但 OFD 文件“{file}”实际有 {value} 页。"
            "请核对：改正页数，或补齐/替换该文件。",
        },
    ),
    Rule("file.duplicate-content", WARNING, "同一文件归入两个档号", DUPLICATE_CONTENT),
    Rule("file.outside-root", ERROR, "文件路径超出归档文件夹", OUTSIDE_ROOT),
    Rule("file.unread", WARNING, "文件内容未读取", UNREAD),
]


# ---------------------------------------------------------------- scan quality (DA/T 31-2017)
# file.scan-resolution is an error: DA/T 31-2017 sets 200 dpi as the floor, and the dpi
# is measured (the file's header, or the image's pixels over its placed size in a PDF);
# an estimate (an image with no dpi of its own, taken as A4) is only a warning.
# file.scan-colour is a warning: the rule (pages with 红头 or 印章 must be scanned in
# colour) is mandatory, but whether a page carries them is inferred from the row (its
# 文种 or 文号), not seen: a grey scan shows no red.

_SCAN_FIX = "请以不低于 200 dpi 重新扫描（文字较小、密集或不清晰的用 300 dpi），依据 DA/T 31-2017。"
SCAN_RESOLUTION = {
    "": "{at}的扫描件“{file}”第 {pages} 页的扫描分辨率为 {dpi} dpi，低于 200 dpi。" + _SCAN_FIX,
    "estimated": (
        "{at}的扫描件“{file}”未记录分辨率，按 A4 幅面估算第 {pages} 页约为 {dpi} dpi，"
        "低于 200 dpi。请核对原件幅面；如确为 A4，" + _SCAN_FIX
    ),
}
SCAN_COLOUR = {
    "": (
        "{at}是{why}，应有红头或印章，但扫描件“{file}”第 {pages} 页是{mode}扫描，看不到红色。"
        "DA/T 31-2017 要求有红头、印章的页面采用彩色模式扫描，请用彩色模式重新扫描这些页。"
    ),
    "why-kind": "公文（{kind}）",
    "why-number": "公文（文号 {number}）",
    "mode-grey": "灰度",
    "mode-bilevel": "黑白二值",
}
SCAN_RULES = [
    Rule("file.scan-resolution", ERROR, "扫描分辨率不足", SCAN_RESOLUTION),
    Rule("file.scan-colour", WARNING, "红头或印章页未彩色扫描", SCAN_COLOUR),
]
RULES += SCAN_RULES
