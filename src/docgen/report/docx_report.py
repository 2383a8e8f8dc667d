"""`docgen audit --format docx`: the audit as a 督查通报, rendered through the `circular`
template (the built-in, or the project's own templates/circular.docx) with the audit
just run as its `audit` — the audit is not run a second time.

What the office must say itself (title, 发文字号, 主送机关, requirements) gets a
default derived from the project; `--data FILE.yaml` overrides any of it, exactly as
for `docgen render circular`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..render.templates import find_template
from ..templating.engine import render_bytes
from ..templating.filters import CnDate
from ..view import context as contexts
from . import reading

if TYPE_CHECKING:
    from ..audit import AuditResult

TEMPLATE = "circular"
REQUIREMENTS = (
    "各责任单位要对照本通报逐项整改，整改完成后及时报{office}销号。",
    "已超过整改时限的问题，责任单位要在10个工作日内书面说明原因和整改计划。",
    "各单位要对照建档指引补齐台账资料，做到数据准确、资料完整、归档规范。",
)
RECIPIENTS = {
    "city": "各区爱卫会，市爱卫会各成员单位",
    "county": "各乡镇爱卫会，县爱卫会各成员单位",
}
SHORT_OFFICE = {"city": "市爱卫办", "county": "县爱卫办"}


def default_data(result: AuditResult, year: int, today: dt.date | None) -> dict[str, Any]:
    """The --data fields of the circular, as the project suggests them."""
    city = result.project.city
    name = city.name
    office = SHORT_OFFICE.get(city.level, "爱卫办")
    years = sorted(result.years)
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    data: dict[str, Any] = {
        "title": f"关于{year}年创卫台账资料督查情况的通报",
        "issuer": f"{name}爱国卫生运动委员会办公室",
        "org_code": f"{name[0]}爱卫办",
        "seq": 1,
        "recipient": RECIPIENTS.get(city.level, RECIPIENTS["city"]),
        "intro": (
            f"按照{name}创建国家卫生{'县城' if city.level == 'county' else '城市'}工作安排，"
            f"{office}对照《{result.guide.title}》，对{span}的创卫台账资料进行了审核，"
            f"并对问题整改情况进行了督查。{reading.sentence(result) or ''}现将有关情况通报如下。"
        ),
        "requirements": [r.format(office=office) for r in REQUIREMENTS],
    }
    if today is not None:
        data["today"] = CnDate.of(today)
    return data


def render(
    result: AuditResult, data: dict[str, Any] | None = None, today: dt.date | None = None
) -> bytes:
    """The 督查通报 .docx of `result`. `data`: the --data YAML already read
    (view.context.read_data); `today`: the audit's --today (the 成文日期 and the
    day 逾期 is judged on), else today."""
    user = data or {}
    year = _year(user.get("year"), result)
    merged = contexts.merge(default_data(result, year, today), user)
    from ..audit import load_input

    root = result.project.root
    source = contexts.Source(
        root,
        merged,
        load=lambda day: load_input(root, inspect=False, today=day),
        audit=lambda day: result,  # the audit just run, not a second one
    )
    template = find_template(TEMPLATE, result.project.root)
    return render_bytes(template, contexts.build(source, template.fields))


def _year(value: Any, result: AuditResult) -> int:
    """The year the title names: --data `year`, else the last year of the audit window."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return max(result.years)  # a bad `year` is reported by the context with its own message
