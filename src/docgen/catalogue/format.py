"""The `docgen lint` format checks (GB/T 9704-2012). A finding's `row` is the number of
the paragraph it is about; `where` names that paragraph (or the first of several)."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

_FACE = (
    "{where}{what}的中文字体为 {value}，应为 {expected}。"
    "请在字体对话框的“中文字体”中设置（只设“西文字体”不起作用）。"
)
_SIZE = "{where}{what}的字号为 {size:g} 磅，应为 {want:g} 磅（3号）。"
_PAGE_FIELD = "。请用“插入—页码—页面底端”插入页码（PAGE 域），形如“— 1 —”。"
_DATE = "{where}的{what}{shown}：{problem}。"

RULES = [
    Rule(
        "format.paper",
        ERROR,
        "纸张",
        {
            "": "{place}的纸张为 {value}，不是 A4。请在“布局—纸张大小”中选 A4（210×297 mm）。",
            "landscape": "{place}为横向。公文用 A4 纵向，请在“布局—纸张方向”中选纵向"
            "（横排的表格可单独分节设为横向）。",
        },
    ),
    Rule(
        "format.margin",
        ERROR,
        "页边距",
        {
            "": "{place}{side}页边距为 {got} mm，应为 {want} mm（允许误差 ±{tol:g} mm）。"
            "请在“布局—页边距—自定义页边距”中设为上 {top}、下 {bottom}、左 {left}、右 {right} mm。"
        },
    ),
    Rule(
        "format.line-spacing",
        ERROR,
        "行距",
        {
            "": "{where}的行距为{value}，正文应为固定值 {low:g}–{high:g} 磅（每页 22 行）。"
            "请选中正文，在“段落—行距”中设为固定值 {pt:g} 磅。"
        },
    ),
    Rule(
        "format.title-font",
        ERROR,
        "标题字体",
        {
            "": "{where}是标题，字体为 {value}，应为 2号（22 磅）小标宋（{font}）。"
            "请设置中文字体和字号。"
        },
    ),
    Rule("format.body-font", ERROR, "正文字体", {"face": _FACE, "size": _SIZE}),
    Rule("format.heading-font", ERROR, "层次标题字体", {"face": _FACE, "size": _SIZE}),
    Rule(
        "format.doc-number",
        ERROR,
        "发文字号",
        {"": "{where}的发文字号“{value}”：{problems}。应写成“{expected}”。"},
    ),
    Rule(
        "format.date",
        ERROR,
        "日期",
        {
            "": _DATE + "应写成“{expected}”。",
            "no-fix": _DATE + "应写成“2026年1月5日”的形式。",
        },
    ),
    Rule(
        "format.page-number",
        ERROR,
        "页码",
        {
            "": "页脚中没有页码" + _PAGE_FIELD,
            "typed": "页脚里的“{typed}”是手工输入的文字，不是页码域" + _PAGE_FIELD,
            "one-side": "{pages}页脚中没有页码。请在{pages}页脚插入页码（PAGE 域）。",
            "first-page": "{place}首页没有页码：设置了“首页不同”，但首页页脚中没有页码域。"
            "公文每页都应有页码（含第 1 页）。请在首页页脚插入页码（PAGE 域），"
            "或在“页眉和页脚—选项”中取消“首页不同”。",
        },
    ),
    Rule(
        "format.page-number-style",
        WARNING,
        "页码样式",
        {
            "align": "{pages}页码{value}，应{expected}空一字（单页居右、双页居左）。"
            "请设置页脚段落的对齐方式。",
            "dashes": "{pages}页码为“{value}”，两侧应各有一条一字线，形如“— 1 —”。",
            "odd-even": "未设置“奇偶页不同”，页码无法单页居右、双页居左。"
            "请在“页眉和页脚—选项”中勾选“奇偶页不同”，再分别插入页码。",
        },
    ),
    Rule(
        "format.colophon",
        ERROR,
        "版记",
        {
            "no-date": "{where}是印发机关和印发日期，但缺少印发日期。应写成“印发机关"
            "（左空一字）……2026年11月23日印发（右空一字）”。",
            "colon": "{where}：“{label}”后应为全角冒号“：”。",
            "full-stop": "{where}：最后一个抄送机关后应加句号“。”。",
        },
    ),
    Rule(
        "format.colophon-style",
        WARNING,
        "版记样式",
        {
            "chaobao": "{where}用了“抄报”。GB/T 9704-2012 统一用“抄送”。",
            "size": "{where}的字号为 {value}，版记应为 4号（14 磅）仿宋。",
        },
    ),
    Rule(
        "format.attachment",
        ERROR,
        "附件说明",
        {
            "colon": "{where}：“附件”后应为全角冒号“：”。",
            "no-name": "{where}：“附件：”后缺少附件名称。",
            "punctuation": "{where}：附件名称“{name}”后不加标点符号，请删去末尾的“{mark}”。",
            "order": "{where}是附件，但正文在它之后还没有结束（后面还有“{closing}”）。附件应排在"
            "成文日期（和附注）之后、版记之前，另面编排。请把附件移到署名和成文日期之后。",
            "no-note": "{where}是附件，但正文之后没有附件说明。请在正文下空一行左空二字编排"
            "“附件：1.附件名称”（只有一个附件时不编序号）。",
        },
    ),
    Rule(
        "format.attachment-numbering",
        WARNING,
        "附件序号",
        {
            "unnumbered": "{where}：有多个附件时应用阿拉伯数字标注顺序号，如“附件：1.……”。",
            "comma": "{where}：附件顺序号应写成“{num}.”，不用顿号。",
        },
    ),
    Rule(
        "format.masthead",
        WARNING,
        "版头",
        {
            "face": "{where}是发文机关标志，字体为 {value}。GB/T 9704-2012 推荐用红色小标宋"
            "（{expected}），请设置中文字体。",
            "number-red": "{where}是发文字号，用了红色。版头中只有发文机关标志和分隔线用红色，"
            "发文字号应为黑色 3号仿宋。",
            "security": "{where}是密级或紧急程度：{problems}。应为 3号黑体，顶格编排在版心左上角"
            "（份号之下、发文机关标志之上）。",
        },
    ),
    Rule(
        "format.signer",
        ERROR,
        "签发人",
        {
            "": "这是一份上行文（{what}），没有签发人。上报的公文应标注签发人（GB/T 9704-2012 "
            "7.2.4）：在发文字号同一行居右空一字编排“签发人：”（3号仿宋）和签发人姓名（3号楷体），"
            "发文字号左空一字。"
        },
    ),
    Rule(
        "format.kind-elements",
        WARNING,
        "文种要素",
        {
            "number": "这是一份{kind}（标题以“{what}”结尾），没有发文字号。请在版头发文机关标志之下"
            "编排发文字号，如“示政发〔2026〕5号”（函的发文字号在分隔线下居右）。",
            "number-signer": "这是一份{kind}（标题以“{what}”结尾），没有版头：没有发文字号，"
            "也没有签发人。上报的公文应在版头中编排发文字号（左空一字）和同一行的"
            "“签发人：”及姓名（居右空一字）。",
            "recipient": "这是一份{kind}（标题以“{what}”结尾），没有主送机关。请在标题下空一行"
            "居左顶格写主送机关，后加全角冒号，如“市爱卫会：”。",
        },
    ),
    Rule(
        "format.unreadable",
        ERROR,
        "无法检查",
        {
            "": "{file} 无法检查：{value}。请用 Word 或 WPS 打开确认，另存为 .docx 后再检查。",
            "fixed-layout": "{file} 是 {what} 版式文件，版面已经固定，其中的 Word 格式"
            "（字体、字号、行距、页边距、页码）无法检查。请检查生成它的 .docx 或 .wps 源文件。",
            "no-soffice": "{file} 是 .doc/.wps 格式，需要先用 LibreOffice 转换为 .docx 才能检查，"
            "但本机没有安装 LibreOffice。{install}也可以用 Word 或 WPS 另存为 .docx 后再检查。",
            "failed": "{file} 是 .doc/.wps 格式，用 LibreOffice 转换为 .docx 时失败：{why}"
            "请用 Word 或 WPS 打开确认，另存为 .docx 后再检查。",
        },
    ),
]
