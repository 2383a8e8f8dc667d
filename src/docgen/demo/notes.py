"""问题说明.md: the demo's planted defects, for the person trying docgen out."""

from __future__ import annotations

from .city import CITY, DEMO_TODAY, PROVINCE, YEARS
from .defects import Planted

FAMILIES = (
    ("ledger.", "归档文件目录（ledger/归档文件目录.xlsx）"),
    ("file.", "归档文件（archive/）"),
    ("completeness.", "资料完整性（对照建档指引 national-city-2021）"),
    ("data.", "数据（data/ 中的数据表，以及归档文件中写到的指标数字）"),
)


def where(p: Planted) -> str:
    if p.row is not None and p.workbook:
        return f"{p.workbook} 工作表“{p.sheet}”第 {p.row} 行"
    if p.row is not None:
        text = f"工作表“{p.sheet}”第 {p.row} 行"
        return f"{text}（{p.file}）" if p.file else text
    if p.file:
        return p.file
    return f"条目 {p.item}“{p.kind}”，{p.period}"


def notes_text(planted: list[Planted]) -> str:
    lines = [
        f"# 示例项目：{CITY}（虚构）中故意设置的问题",
        "",
        (
            f"本文件夹由 `docgen demo` 生成。{PROVINCE}{CITY}是虚构的城市，"
            "单位、人名、电话、数字都是编造的。"
        ),
        (
            f"目录共 {YEARS[0]}–{YEARS[-1]} 三个年度（{YEARS[-1]} 年登记到 10 月），"
            "归档文件、指标数据、成员单位和问题清单都齐全，只在下列位置故意留了问题，"
        ),
        "用来演示 `docgen audit` 能发现什么。运行：",
        "",
        "    docgen audit .            # 在本文件夹中运行，或 docgen audit 文件夹路径",
        "",
        "除下表所列之外，示例项目应当没有其他问题。加密 PDF 的打开密码是 jl2025。",
        "",
        (
            "归档文件中有几份扫描件（只有图像、没有文字层的 PDF）、一张手机拍摄的检查记录照片、"
            "一份 OFD 和一份旧版 Word（.doc）文件。扫描件和照片要用 OCR 识别文字"
            "（pip install 'docgen[ocr]'），.doc 要用 LibreOffice 读取；没有安装时这些文件"
            "列为未读（file.unread），只写在扫描件里的数据不一致（data.mismatch）也就发现不了。"
        ),
        "",
    ]
    for prefix, title in FAMILIES:
        rows = [p for p in planted if p.rule.startswith(prefix)]
        if not rows:
            continue
        lines += [f"## {title}", "", "| 规则 | 位置 | 问题 |", "|---|---|---|"]
        for p in rows:
            note = "（由上一项连带产生）" if p.collateral else ""
            lines.append(f"| `{p.rule}` | {where(p)} | {p.what}{note} |")
        lines.append("")
    lines += [
        (
            "数据问题（data.*）供指标、问题清单等数据检查使用。“逾期未整改”以 "
            f"{DEMO_TODAY.isoformat()} 为准：`docgen audit . --today {DEMO_TODAY.isoformat()}`"
            "（在 2026-09-01 至 2027-03-31 之间不加 --today 结果相同）。"
        ),
        "",
        "## 申报材料（docgen dossier build）",
        "",
        (
            "申请报告、城市基本情况、必备条件完成情况、爱卫会机构设置及人员组成由 "
            "docgen.yaml 中 city 下的"
            "城市基本情况（面积、人口、辖区、爱卫会组成）、dossier/data.yaml（成文日期、发文机关、主送机关、"
            "发文字号等）和项目数据生成。省爱卫会的推荐报告及考核鉴定意见示例中没有提供，生成时列为待提供。"
            "必备条件完成情况中，2025 年重点行业和单位防蝇和防鼠设施合格率（94.2%）显示为未达标，"
            "并列出写有该数值的检查记录的档号。"
        ),
        "",
    ]
    return "\n".join(lines)
