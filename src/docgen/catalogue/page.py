"""The `docgen lint` checks of the laid-out page (GB/T 9704-2012): what LibreOffice puts
on each page, read back from its PDF (docgen.layout). A finding's `item` names the page
("第 3 页"); `value` is what was measured."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

_LAID_OUT = "（按 LibreOffice 排版结果测量）"

RULES = [
    Rule(
        "format.grid",
        ERROR,
        "版面字数行数",
        {
            "chars": "{item}每行排 {value} 个字" + _LAID_OUT + "，应为每行 {want} 个字。"
            "请在“布局—页面设置—文档网格”中选“指定行和字符网格”，每行 {want} 字、"
            "每页 {lines} 行，并确认正文为 3号字。",
            "lines": "{item}每页排 {value} 行（行距 {pitch:g} 磅）"
            + _LAID_OUT
            + "，应为每页 {want} 行。请把正文行距设为固定值 {pt:g} 磅，"
            "或在“文档网格”中设每页 {want} 行。",
        },
    ),
    Rule(
        "format.masthead-layout",
        ERROR,
        "版头的版面",
        {
            "colour": "{item}发文机关标志“{text}”的颜色为 #{value}，应为红色。"
            "请把字体颜色设为红色。",
            "centre": "{item}发文机关标志“{text}”偏离版心中线 {value:g} mm，应居中。"
            "请把该段设为居中对齐，并去掉左右缩进。",
            "no-rule": "{item}发文字号“{text}”下方没有红色分隔线。请在发文字号之下"
            "加一条与版心等宽（{want:g} mm）的红色分隔线。",
            "rule-colour": "{item}发文字号下的分隔线颜色为 #{value}，应为红色。",
            "rule-width": "{item}发文字号下的红色分隔线长 {value:g} mm，应与版心等宽"
            "（{want:g} mm）。请去掉该段的左右缩进，或把线条改为版心宽度。",
        },
    ),
    Rule(
        "format.colophon-position",
        ERROR,
        "版记位置",
        {
            "": "{item}版记的末条分隔线距版心下边缘 {value:g} mm"
            + _LAID_OUT
            + "，应与版心下边缘重合。请在版记之前插入空行（或用段前间距）"
            "把版记推到最后一页的底部。",
            "no-rule": "{item}版记的末行距版心下边缘 {value:g} mm"
            + _LAID_OUT
            + "，版记应在最后一页底部，其末条分隔线与版心下边缘重合。请在版记末行下加分隔线，"
            "并在版记之前插入空行把版记推到底部。",
            "not-last": "版记在{item}，但文件共 {pages} 页。版记应在公文最后一页，"
            "附件应放在版记之前。",
        },
    ),
    Rule(
        "format.orphan-page",
        ERROR,
        "署名单独成页",
        {
            "": "{item}只有发文机关署名和成文日期（“{text}”），没有正文"
            + _LAID_OUT
            + "。GB/T 9704 要求印章与正文同处一面，不得用“此页无正文”解决。"
            "请调整行距或字距，把署名和日期排到正文所在的页上。",
        },
    ),
    Rule(
        "format.title-break",
        WARNING,
        "标题回行",
        {
            "": "{item}标题在“{value}”处回行，把词“{word}”拆在了两行"
            + _LAID_OUT
            + "。标题回行时应词意完整，请在词与词之间换行（可用 Shift+Enter 手动换行）。",
        },
    ),
    Rule(
        "format.first-page-number",
        ERROR,
        "首页页码",
        {
            "": "第 1 页页脚中没有显示页码" + _LAID_OUT + "，公文首页也应有页码。"
            "请在“页眉和页脚—选项”中取消“首页不同”，或在首页页脚也插入页码（PAGE 域）。",
        },
    ),
    Rule(
        "format.layout-unchecked",
        WARNING,
        "未检查版面",
        {
            "": "未按排版结果检查{checks}：{value}。这些项目没有检查，不代表合格。",
        },
    ),
]

PAGE_IDS = [r.id for r in RULES]
