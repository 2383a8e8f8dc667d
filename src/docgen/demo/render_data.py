"""Sample --data files for the built-in templates, written into the demo project as
DIR/render/{template id}.yaml: what a 创卫办 must still say itself (发文字号 sequence,
会议时间地点, 简报期号, the words of a notice). Everything else comes from the project.

    docgen render notice demo --data demo/render/notice.yaml
    docgen render assignment demo --data demo/render/assignment.yaml --each unit
"""

from __future__ import annotations

from pathlib import Path

from ..cn.doc_number import format_doc_number
from .city import CITY, PROVINCE, UNIT, UNITS, phone

FOLDER = "render"
DATE = "2026-11-20"  # 成文日期 of the samples; also their `today` (逾期 is judged on it)


def _office() -> tuple[str, str, str, str]:
    """(name, 机关代字, contact, phone) of the 爱卫办, which issues the samples."""
    office = UNIT["awb"]
    return office.name, office.prefix, office.contact, phone(UNITS.index(office) + 1)


def _common(seq: int | None = None) -> str:
    name, prefix, contact, tel = _office()
    lines = [
        f"date: {DATE}        # 成文日期",
        f"today: {DATE}       # 判断是否逾期的日期（不写则为当天）",
        f"issuer: {name}      # 发文机关署名",
    ]
    if seq is not None:
        lines += [
            f"org_code: {prefix}      # 机关代字",
            f"seq: {seq}            # 发文顺序号 → {format_doc_number(prefix, 2026, seq)}",
        ]
    lines += ["contact:", f"  name: {contact}", f"  phone: {tel}"]
    return "\n".join(lines) + "\n"


CC = f"""cc:                 # 抄送（可不写）
  - {CITY}人民政府办公室
  - {PROVINCE}爱国卫生运动委员会办公室
"""


def notice() -> str:
    return (
        _common(21)
        + CC
        + f"""title: 关于开展2026年冬春季爱国卫生运动的通知
recipient: 各区爱卫会，市爱卫会各成员单位
intro: 为巩固国家卫生城市创建成果，改善城乡环境卫生面貌，预防冬春季传染病发生，经研究，\
决定在全市开展2026年冬春季爱国卫生运动。现将有关事项通知如下。
sections:
  - heading: 工作时间
    paragraphs:
      - 2026年12月1日至2027年2月28日，分动员部署、集中整治、检查验收三个阶段进行。
  - heading: 重点任务
    paragraphs:
      - 集中清理背街小巷、城中村、城乡结合部的卫生死角，做到垃圾日产日清。
      - 开展冬季病媒生物防制，重点做好农贸市场、餐饮单位的防鼠灭鼠工作。
      - 加强公共场所控烟和健康教育，普及冬春季传染病防治知识。
  - heading: 工作要求
    paragraphs:
      - 各单位要明确分管领导和联络员，于2026年11月30日前将工作方案报市爱卫办。
      - 市爱卫办将组织明查暗访，检查结果纳入年度爱国卫生工作考核。
attachments:        # 附件（可不写）
  - {CITY}2026年冬春季爱国卫生运动工作方案
  - 工作进展情况统计表
"""
    )


def meeting_notice() -> str:
    return (
        _common(22)
        + CC
        + f"""title: 关于召开全市创建国家卫生城市工作推进会的通知
recipient: 各区人民政府，市爱卫会各成员单位
intro: 为总结近期创卫工作，部署下一阶段问题整改和迎检工作，经市政府同意，\
决定召开全市创建国家卫生城市工作推进会。现将有关事项通知如下。
meeting:
  time: 2026年11月27日（星期五）上午9:00，会期半天
  place: {CITY}行政中心三楼第一会议室
  attendees: 各区分管负责同志，市爱卫会各成员单位分管负责同志和创卫联络员
  agenda:
    - 市爱卫办通报近期创卫督查情况
    - 问题较多的责任单位作表态发言
    - 市政府分管领导讲话
  requirements:
    - 请各单位于11月25日下午5:00前将参会人员名单报市爱卫办。
    - 参会人员请提前10分钟入场，会议期间将手机调至静音状态。
"""
    )


def circular() -> str:
    return (
        _common(23)
        + CC
        + f"""title: 关于2026年创卫工作督查情况的通报
recipient: 各区爱卫会，市爱卫会各成员单位
intro: 按照{CITY}创建国家卫生城市工作安排，\
市爱卫办组织对全市创卫重点工作和问题整改情况开展了明查暗访，并对各单位报送的台账资料进行了审核。现将有关情况通报如下。
year: 2026          # 通报哪一年交办的问题（不写则为审核年度的最后一年）
requirements:
  - 各责任单位要对照本通报逐项整改，整改完成后及时报市爱卫办销号。
  - 已超过整改时限的问题，责任单位要在10个工作日内书面说明原因。
  - 各单位要按照建档指引补齐台账资料，做到数据准确、资料完整。
"""
    )


def assignment() -> str:
    return _common() + "# 用 --each unit 为每个有待整改问题的责任单位各生成一份交办单\n"


def briefing() -> str:
    name = _office()[0]
    return f"""date: {DATE}
today: {DATE}
issue: 12           # 期号 → 第12期
editor: {name}      # 编印单位
cc:
  - {CITY}人民政府办公室
title: 全市冬春季爱国卫生运动全面启动
paragraphs:
  - 11月中旬，{CITY}召开爱国卫生工作会议，部署冬春季爱国卫生运动，各区、各成员单位迅速行动，\
集中清理卫生死角。
  - 市爱卫办组织开展明查暗访，对发现的问题现场交办、限期整改，并跟踪督办整改进度。
"""


def _work_report_words(indent: str = "") -> str:
    """What the 工作汇报 says in its own words (also the dossier's work-report fields)."""
    text = f"""intro: 近年来，{CITY}坚持以创建国家卫生城市为抓手，\
持续改善城乡环境卫生面貌，提升群众健康水平。现将创卫工作情况汇报如下。
overview:
  - 市委、市政府把创卫工作列入重要议事日程，成立了由市长任组长的创卫工作领导小组，\
市爱卫会各成员单位分工负责。
  - 建立问题交办、限期整改、跟踪督办的工作机制，台账资料按照建档指引分类归档。
plans:
  - 对未达标指标制定专项整改方案，明确责任单位和完成时限。
  - 加大明查暗访力度，确保交办问题按期整改到位。
  - 进一步规范台账资料，做到数据准确、资料完整。
"""
    return "".join(f"{indent}{line}\n" for line in text.splitlines())


def work_report() -> str:
    return f"""date: {DATE}
today: {DATE}
issuer: {CITY}人民政府
recipient: {PROVINCE}爱国卫生运动委员会
""" + _work_report_words()


DOSSIER_FOLDER = "dossier"


def dossier_data() -> str:
    """dossier/data.yaml: the fields every material shares, then each material's own
    (under its id). The province's 推荐报告 is not in the demo: the dossier lists it
    as still to come."""
    awh, office = UNIT["awh"], UNIT["awb"]
    tel = phone(UNITS.index(office) + 1)
    return f"""# docgen dossier build 的数据：各份申报材料共用的字段写在最上面，
# 某份材料自己的字段写在该材料的编号下（如 work-report:），同名时以材料自己的为准。
date: {DATE}            # 成文日期
today: {DATE}           # 判断是否逾期的日期（不写则为当天）
issuer: {awh.name}      # 发文机关署名
recipient: {PROVINCE}爱国卫生运动委员会
org_code: {awh.prefix}       # 机关代字
seq: 15                 # 发文顺序号 → {format_doc_number(awh.prefix, 2026, 15)}（申请报告）
contact:
  name: {office.contact}
  phone: {tel}

application:
  signer: {awh.contact}         # 签发人（请示是上行文）
  attachments:
    - {CITY}创建国家卫生城市工作汇报
    - {CITY}基本情况
    - {CITY}创建国家卫生城市必备条件完成情况
    - {CITY}爱国卫生运动委员会机构设置及人员组成

work-report:
  issuer: {CITY}人民政府
""" + _work_report_words("  ")


def write_dossier_data(root: Path) -> Path:
    from ..scaffold import write_atomic

    path = Path(root) / DOSSIER_FOLDER / "data.yaml"
    write_atomic(path, dossier_data().encode("utf-8"))
    return path


def request() -> str:
    awh = UNIT["awh"]
    return (
        _common(31)
        .replace(f"issuer: {UNIT['awb'].name}", f"issuer: {awh.name}")
        .replace(f"org_code: {UNIT['awb'].prefix}", f"org_code: {awh.prefix}")
        + f"""signer: 陈立新         # 签发人（上行文）
recipient: {PROVINCE}爱国卫生运动委员会
title: 关于申请省级病媒生物防制专项经费补助的请示
paragraphs:
  - 2026年，{CITY}按照国家卫生城市标准开展病媒生物防制，\
鼠、蚊、蝇、蟑螂密度均控制在国家标准C级以内，\
但城乡结合部和老旧小区防制设施仍有不足。
  - 为巩固创建成果，我市计划在2027年对12个老旧小区、8个农贸市场补齐防鼠防蝇设施，\
预计需要经费186万元，市级财政已安排120万元，尚有缺口66万元。
  - 恳请省爱卫会给予专项经费补助66万元。
attachments:
  - {CITY}病媒生物防制设施建设计划
"""
    )


def report() -> str:
    return f"""date: {DATE}
today: {DATE}
issuer: {CITY}人民政府
org_code: 江政
seq: 45
signer: 李国华
recipient: {PROVINCE}爱国卫生运动委员会
title: 关于2026年创建国家卫生城市工作情况的报告
paragraphs:
  - 2026年，{CITY}对照国家卫生城市标准，健全爱国卫生组织网络，推进城乡环境卫生综合整治，\
各项工作取得明显成效。
  - 全年共督查交办问题128个，已整改116个；建成区生活垃圾无害化处理率达到100%。
  - 下一步，我市将对未达标指标制定专项整改方案，确保创建成果巩固提升。
"""


def minutes() -> str:
    name = _office()[0]
    return f"""date: {DATE}
today: {DATE}
issuer: {name}
issue: 4            # 期号 → 第4期
title: 全市创卫工作推进会会议纪要
paragraphs:
  - 2026年11月18日，市爱卫会副主任主持召开全市创卫工作推进会，听取市爱卫办关于近期督查情况的汇报，\
研究部署下一阶段问题整改工作。纪要如下。
  - 会议指出，各责任单位要对照督查通报逐项整改，已超过整改时限的问题要在10个工作日内书面说明原因。
  - 会议要求，市爱卫办每周汇总整改进度，对整改不力的单位予以通报。
present: [陈立新, 王晓燕, 市城市管理局张明, 市住房和城乡建设局刘芳, 市市场监督管理局赵强]
absent: [市生态环境局周静（出差）]
attending: [各区爱卫办负责同志]
cc:
  - {CITY}人民政府办公室
"""


SAMPLES = {
    "notice": notice,
    "meeting-notice": meeting_notice,
    "circular": circular,
    "assignment": assignment,
    "briefing": briefing,
    "work-report": work_report,
    "request": request,
    "report": report,
    "minutes": minutes,
}


def write_render_data(root: Path) -> list[Path]:
    """Write DIR/render/{id}.yaml for every built-in template."""
    from ..scaffold import write_atomic

    out = []
    for template_id, text in SAMPLES.items():
        path = Path(root) / FOLDER / f"{template_id}.yaml"
        write_atomic(path, text().encode("utf-8"))
        out.append(path)
    return out
