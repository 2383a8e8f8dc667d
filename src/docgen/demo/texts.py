"""The words inside the demo's documents: a few plausible lines per kind of
material, and the indicator figures where a real document would state them
(always the same figures as data/指标数据.xlsx)."""

from __future__ import annotations

import re

from ..cn.dates import chinese_date
from .city import CITY, YEARS, figure
from .ledger import Doc

BODY: dict[str, tuple[str, ...]] = {
    "文件": (
        "各区人民政府，市爱卫会各成员单位：",
        "为深入开展爱国卫生运动，巩固和提升创建国家卫生城市成果，现将有关事项通知如下。",
        "一、工作目标",
        "以问题为导向，全面整治城乡环境卫生薄弱环节，推动各项指标持续达到国家卫生城市标准。",
        "二、主要任务",
        "（一）加强组织领导，各成员单位按职责分工抓好落实。",
        "（二）强化督导检查，市爱卫办每月组织专项督查并通报结果。",
        "（三）做好资料归档，各项工作有计划、有部署、有检查、有总结。",
        "三、工作要求",
        "各单位要明确一名分管领导和一名联络员，按时报送工作进展情况。",
    ),
    "计划": (
        "一、指导思想",
        "坚持以人民健康为中心，以创建国家卫生城市为抓手，统筹推进爱国卫生各项工作。",
        "二、工作目标",
        "城乡环境卫生状况持续改善，病媒生物密度控制在国家标准C级以内。",
        "三、重点任务及责任分工",
        "（一）市容环境卫生整治。牵头单位：市城管局。",
        "（二）农贸市场规范化管理。牵头单位：市市场监管局。",
        "（三）病媒生物预防控制。牵头单位：市爱卫办、市疾控中心。",
        "（四）健康教育与健康促进。牵头单位：市卫健委。",
        "四、进度安排",
        "一季度部署动员，二、三季度全面推进，四季度检查总结。",
        "五、保障措施",
        "加强经费保障，严格督查考核，对工作滞后的单位进行通报。",
    ),
    "总结": (
        "一、工作开展情况",
        "在市委、市政府的坚强领导下，各成员单位密切配合，全市爱国卫生工作取得明显成效。",
        "（一）组织领导进一步加强，全年召开爱卫会全体成员会议两次。",
        "（二）城乡环境卫生整治持续推进，背街小巷、城中村面貌明显改善。",
        "（三）健康教育深入开展，全年举办健康讲座和义诊活动。",
        "二、存在的问题",
        "部分农贸市场防蝇防鼠设施维护不及时，个别背街小巷仍有乱堆乱放现象。",
        "三、下一步工作打算",
        "巩固创建成果，建立长效管理机制，确保各项指标稳定达标。",
    ),
    "会议纪要": (
        "会议时间：{date}",
        "会议地点：市政府第一会议室",
        "主持人：市政府分管副市长",
        "出席人员：市爱卫会各成员单位分管负责同志",
        "会议听取了市爱卫办关于创建国家卫生城市工作进展情况的汇报，研究部署了下一阶段重点工作。",
        "会议要求：",
        "一、各成员单位要对照标准逐项查漏补缺，确保责任落实到人。",
        "二、市城管局牵头抓好背街小巷和城中村环境卫生整治。",
        "三、市爱卫办加强督查，每月通报各单位工作进展。",
    ),
    "检查记录": (
        "检查时间：{date}",
        "检查单位：{unit}",
        "检查方式：实地查看、随机抽查",
        "检查内容：环境卫生、设施设备、制度落实和台账资料",
        "发现问题：",
        "1. 个别区域存在垃圾未及时清运现象；",
        "2. 部分经营户防蝇设施破损。",
        "整改要求：责任单位于10个工作日内完成整改，并书面报告整改情况。",
        "检查人员（签字）：",
    ),
    "监测报告": (
        "一、监测概况",
        "按照监测方案，在全市设置监测点位，按规定频次开展监测。",
        "二、监测方法",
        "依据国家标准规定的方法采样、检测和评价。",
        "三、监测结果",
        "各监测点位结果均符合相应标准要求。",
        "四、结论与建议",
        "监测结果总体稳定，建议继续加强重点区域的日常管理。",
    ),
    "其他": (
        "一、基本情况",
        "本季度各责任单位按照职责分工，认真落实各项工作任务。",
        "二、主要数据",
        "受理、办结情况详见附表，办结率和群众满意度保持较高水平。",
        "三、下一步工作",
        "针对反映集中的问题开展专项整治，做到件件有回音、事事有着落。",
    ),
    "简报": (
        "【工作动态】",
        "本期编发全市爱国卫生和创建国家卫生城市工作进展情况。",
        "各区、各成员单位按照工作部署扎实推进各项任务。",
        "【经验交流】",
        "部分街道探索建立“街长制”，环境卫生长效管理取得实效。",
        "【下步安排】",
        "继续开展环境卫生集中整治行动，迎接上级督导检查。",
    ),
}

VECTOR_LINES = (  # each on one PDF line (30 characters), like the figure lines below
    "鼠密度：粉迹法阳性率1.2%，达到C级标准。",
    "蚊密度：路径指数0.6，达到C级标准。",
    "蝇密度：室内有蝇房间阳性率2.1%，达到C级标准。",
    "蟑螂密度：蟑螂侵害率1.8%，达到C级标准。",
)


def date_cn(doc: Doc) -> str:
    return chinese_date(doc.date)


def body(doc: Doc) -> list[str]:
    """The body lines of a document, ahead of its page breaks."""
    kind = "简报" if "简报" in doc.title else doc.kind
    lines = ITEM_BODY.get((doc.item, doc.kind)) or BODY.get(kind, BODY["其他"])
    return _figures(doc) + [line.format(date=date_cn(doc), unit=doc.unit) for line in lines]


ITEM_BODY: dict[tuple[str, str], tuple[str, ...]] = {
    ("3.3", "总结"): (
        "一、园林绿化建设情况",
        "全年新建和改造提升公园绿地、街头游园和口袋公园，完成道路绿化提升。",
        "二、绿地管养情况",
        "落实绿地养护责任，开展病虫害防治和补植补种，绿地管养水平稳步提高。",
        "三、下一步工作",
        "继续推进公园城市建设，做好园林绿化统计报表的填报和审核。",
    ),
}

# Sentences that state indicator figures, by (item, kind). Each is short enough to
# stay on one PDF line (30 characters), so that a figure and its name are never
# split across lines. {name} is the indicator's value for the document's year.
FIGURE_LINES: dict[tuple[str, str], tuple[str, ...]] = {
    ("1.3", "总结"): (
        "{y}年，全市群众对卫生状况满意率达到{群众对卫生状况满意率}%。",
        "建成区绿化覆盖率达到{建成区绿化覆盖率}%。",
        "人均公园绿地面积达到{人均公园绿地面积}平方米。",
        "生活垃圾无害化处理率达到{生活垃圾无害化处理率}%。",
        "城市生活污水集中处理率达到{城市生活污水集中处理率}%。",
    ),
    ("3.1", "总结"): (
        "全市生活垃圾无害化处理率达到{生活垃圾无害化处理率}%。",
        "生活垃圾回收利用率达到{生活垃圾回收利用率}%。",
    ),
    ("3.3", "总结"): (
        "{y}年，全市建成区绿化覆盖率达到{建成区绿化覆盖率}%。",
        "人均公园绿地面积达到{人均公园绿地面积}平方米。",
    ),
    ("2.1", "总结"): (
        "{y}年，全市居民健康素养水平达到{居民健康素养水平}%。",
        "15岁以上人群吸烟率下降到{15岁以上人群吸烟率}%。",
    ),
    ("7.1", "总结"): (
        "免疫规划疫苗接种率达到{免疫规划疫苗接种率}%。",
        "适龄儿童建卡建证率达到{适龄儿童建卡建证率}%。",
    ),
}
# The same, for documents picked by a word of their title (an item files other
# records of the same kind that state no figure).
TITLE_FIGURE_LINES: dict[str, tuple[str, ...]] = {
    "防蝇防鼠设施检查记录": (
        "全市重点行业和单位防蝇防鼠设施合格率为{重点行业和单位防蝇和防鼠设施合格率}%。",
    ),
}
BRIEFING_LINES = (
    "{y}年，全市群众对卫生状况满意率达到{群众对卫生状况满意率}%。",
    "生活垃圾无害化处理率达到{生活垃圾无害化处理率}%。",
)
_FIELD = re.compile(r"\{([^{}]+)\}")


def _figures(doc: Doc) -> list[str]:
    """Indicator figures a summary or a monitoring report would quote: the data
    sheet's, except where a planted mismatch (`doc.stated`) says otherwise."""
    if doc.kind == "监测报告" and doc.item == "7.5":
        return list(VECTOR_LINES)
    lines = FIGURE_LINES.get((doc.item, doc.kind)) or next(
        (found for word, found in TITLE_FIGURE_LINES.items() if word in doc.title), None
    )
    if "简报" in doc.title:  # the December issue sums up the year (a Word file)
        lines = BRIEFING_LINES if doc.date.month == 12 else None
    if not lines or doc.year not in YEARS:
        return []
    return [_FIELD.sub(lambda m: _value(doc, m[1]), line) for line in lines]


def _value(doc: Doc, name: str) -> str:
    if name == "y":
        return str(doc.year)
    return doc.stated.get(name) or figure(name, doc.year)


def pages_of_lines(lines: list[str], pages: int) -> list[list[str]]:
    """Spread the lines over `pages` pages (a page never empty: lines repeat as
    continuation text when a document has more pages than lines)."""
    per = max(1, -(-len(lines) // pages))
    out = []
    for p in range(pages):
        chunk = lines[p * per : (p + 1) * per]
        out.append(chunk or [f"（续）{lines[p % len(lines)]}"])
    return out


# Rows of the 报表 workbooks: indicator figures where the report is the source.
REPORT_FIGURES = {
    "1.5": ("群众对卫生状况满意率",),
    "3.3": ("建成区绿化覆盖率", "建成区绿地率", "人均公园绿地面积"),
    "3.4": ("生活垃圾无害化处理率",),
    "3.5": ("生活垃圾回收利用率",),
    "4.3": ("城市生活污水集中处理率",),
    "7.2": ("免疫规划疫苗接种率", "适龄儿童建卡建证率"),
    "7.3": ("严重精神障碍患者规范管理率",),
}

GENERIC_ROWS = (
    ("市本级", 12, "个"),
    ("城东区", 8, "个"),
    ("城西区", 7, "个"),
    ("江临新区", 5, "个"),
)


def report_rows(doc: Doc) -> list[tuple[str, object, str]]:
    from .city import INDICATOR

    names = REPORT_FIGURES.get(doc.item)
    if names:
        return [(n, float(figure(n, doc.year)), INDICATOR[n].unit) for n in names]
    return list(GENERIC_ROWS)


def city_line() -> str:
    return f"{CITY}创建国家卫生城市工作资料"
