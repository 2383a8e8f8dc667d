"""The 公文 form of a template: its fields (render/templates.py lists them) with a
Chinese name and an input kind each, and the form's answers turned into the --data a
render takes. A field left blank that the template needs is refused by its name here,
before anything is rendered."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import InputError

# field → (Chinese name, kind): text one line, long several lines, lines one item a
# line, sections headed parts (a heading line, its paragraphs below), int a number,
# date YYYY-MM-DD
LABELS: dict[str, tuple[str, str]] = {
    "title": ("标题", "text"),
    "issuer": ("发文机关署名", "text"),
    "org_code": ("机关代字", "text"),
    "seq": ("发文顺序号", "int"),
    "recipient": ("主送机关", "text"),
    "intro": ("开头段落", "long"),
    "sections": ("正文各部分", "sections"),
    "paragraphs": ("正文段落", "lines"),
    "requirements": ("工作要求", "lines"),
    "attachments": ("附件", "lines"),
    "cc": ("抄送机关", "lines"),
    "contact.name": ("联系人", "text"),
    "contact.phone": ("联系电话", "text"),
    "copy_no": ("份号", "text"),
    "secrecy": ("密级", "text"),
    "urgency": ("紧急程度", "text"),
    "org_mark": ("发文机关标志", "text"),
    "signer": ("签发人", "text"),
    "ending": ("结束语", "text"),
    "ask": ("请示事项", "long"),
    "editor": ("编印单位", "text"),
    "issue": ("期号", "int"),
    "meeting.time": ("会议时间", "text"),
    "meeting.place": ("会议地点", "text"),
    "meeting.attendees": ("参会人员", "text"),
    "meeting.agenda": ("会议议程", "lines"),
    "meeting.requirements": ("会议要求", "lines"),
    "present": ("出席人员", "lines"),
    "absent": ("请假人员", "lines"),
    "attending": ("列席人员", "lines"),
    "minutes_mark": ("纪要标志", "text"),
    "overview": ("工作概况", "lines"),
    "plans": ("下一步工作", "lines"),
    "date": ("成文日期", "date"),
    "today": ("判断逾期的日期", "date"),
    "year": ("年度", "int"),
}
ALWAYS = ("date", "today")  # the project supplies them; the form may set them


HINTS = {
    "lines": "每行一项",
    "sections": "每部分先写一行小标题，以“一、”“二、”……开头（编号由模板重排），其下每行一段",
    "date": "格式如 2026-11-20；可不填，默认今天",
    "int": "填数字",
}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    required: bool

    @property
    def hint(self) -> str:
        return HINTS.get(self.kind, "")


def form_fields(info) -> list[Field]:
    """The inputs of a template's form (a render.templates.TemplateInfo): the fields
    --data must supply, nested ones by their leaves, then 成文日期 and 今天."""
    wanted = list(info.data_fields)
    leaves = [f for f in wanted if not any(o.startswith(f + ".") for o in wanted)]
    order = list(LABELS)
    leaves.sort(key=lambda k: (order.index(k) if k in order else len(order), k))
    optional = set(info.optional)
    out = []
    for key in [*leaves, *(k for k in ALWAYS if k not in leaves)]:
        label, kind = LABELS.get(key, (key, "text"))
        top = key.split(".")[0]
        required = key not in ALWAYS and key not in optional and top not in optional
        out.append(Field(key, label, kind, required))
    return out


def initial(fields: list[Field], sample: dict[str, Any]) -> dict[str, str]:
    """What each input shows at first: the project's render/<id>.yaml, if it has one."""
    out = {}
    for f in fields:
        value: Any = sample
        for part in f.key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue
        if f.kind == "lines" and isinstance(value, list):
            out[f.key] = "\n".join(str(v) for v in value)
        elif f.kind == "sections" and isinstance(value, list):
            out[f.key] = sections_text(value)
        else:
            out[f.key] = str(value)
    return out


class FormError(InputError):
    """The form's answers cannot be used: the message names every field at fault;
    `fields` says, for each of them (by key), what is wrong, shown under its input."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.fields = fields


def to_data(fields: list[Field], answers: dict[str, str]) -> dict[str, Any]:
    """The --data of the answers; FormError names the fields missing or malformed."""
    data: dict[str, Any] = {}
    missing, wrong, at_fault = [], [], {}
    for f in fields:
        text = (answers.get(f.key) or "").strip()
        if not text:
            if f.required:
                missing.append(f.label)
                at_fault[f.key] = "必填，请填写"
            continue
        try:
            value = _value(f, text)
        except ValueError as exc:
            wrong.append(f"{f.label}：{exc}")
            at_fault[f.key] = str(exc)
            continue
        _put(data, f.key, value)
    said = []
    if missing:
        said.append(f"请填写：{'、'.join(missing)}（该模板的必填字段）。")
    if wrong:
        said.append("以下字段填写有误：" + "；".join(wrong) + "。")
    if said:
        raise FormError("".join(said) + "未生成文档。", at_fault)
    return data


def _value(f: Field, text: str) -> Any:
    if f.kind == "int":
        if not text.isdigit():
            raise ValueError(f"应为数字，而填写的是“{text}”")
        return int(text)
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"应为 2026-11-23 这样的日期，而填写的是“{text}”") from None
    if f.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if f.kind == "sections":
        return parse_sections(text)
    return text


# 一、 二、 … 十二、 at the start of a line (also 一. and 一．): a section's heading
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.*)$")


def parse_sections(text: str) -> list[dict[str, Any]]:
    """Headed parts from plain lines: a line opening with 一、 starts a part (the
    template numbers the headings itself, so the clerk's numbers are dropped), the
    lines below it are its paragraphs. A part in the YAML the CLI's --data takes
    (- heading: …) is read as YAML, so a pasted render/*.yaml part still works."""
    if text.lstrip().startswith("- heading:"):
        return _yaml_sections(text)
    parts: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            if not heading.group(2).strip():
                raise ValueError(f"第 {number} 行只有编号“{line}”，请在编号后写小标题")
            parts.append({"heading": heading.group(2).strip(), "paragraphs": []})
        elif not parts:
            raise ValueError(f"第 {number} 行前面还没有小标题：请先写一行如“一、工作时间”")
        else:
            parts[-1]["paragraphs"].append(line)
    return parts


def sections_text(parts: list[Any]) -> str:
    """The plain lines parse_sections reads, for parts given as --data gives them."""
    from ..templating.filters import cn_number1

    lines = []
    for i, part in enumerate(parts, 1):
        if not isinstance(part, dict):
            continue
        lines.append(f"{cn_number1(i)}{part.get('heading', '')}")
        lines.extend(str(p) for p in part.get("paragraphs") or [])
    return "\n".join(lines)


def _yaml_sections(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise ValueError(f"不是有效的 YAML{where}，请检查缩进和冒号") from None


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for p in parents:
        data = data.setdefault(p, {})
    data[last] = value
