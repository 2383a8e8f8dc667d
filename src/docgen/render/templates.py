"""Where templates come from: the built-ins (templates/ in a checkout, docgen/templates
in a wheel) and the project's own DIR/templates/*.docx, which override a built-in of
the same file stem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..resources import resource_dir
from ..templating.analysis import Template, load_template
from ..view.fields import FIELDS

BUILTIN_TITLES = {
    "notice": "通知",
    "meeting-notice": "会议通知",
    "circular": "督查通报",
    "assignment": "问题整改交办单",
    "briefing": "工作简报",
    "work-report": "工作汇报",
    "request": "请示",
    "report": "报告",
    "minutes": "会议纪要",
    "application": "申请报告",
    "city-profile": "城市基本情况",
    "prerequisites": "必备条件完成情况",
    "organization": "爱卫会机构设置及人员组成",
}
EACH_FIELDS = ("unit",)


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: str
    source: str  # builtin | project
    path: Path
    fields: tuple[str, ...]  # every field the template reads, nested keys as a.b
    problem: str | None = None  # why the template cannot be used (then fields is empty)
    optional: tuple[str, ...] = ()  # fields it tests first (`is defined`): may be left out

    @property
    def data_fields(self) -> tuple[str, ...]:
        """The fields the project cannot supply: they must come from --data."""
        return tuple(f for f in self.fields if f.split(".")[0] not in FIELDS + EACH_FIELDS)

    @property
    def per_unit(self) -> bool:
        """Whether the template is rendered with --each unit."""
        return "unit" in self.fields


def builtin_dir() -> Path:
    return resource_dir("templates")


def project_templates(project_dir: Path | None) -> dict[str, Path]:
    if project_dir is None:
        return {}
    folder = Path(project_dir) / "templates"
    if not folder.is_dir():
        return {}
    return {
        p.stem: p
        for p in sorted(folder.glob("*.docx"))
        if not p.name.startswith(("~$", ".")) and p.is_file()
    }


def available(project_dir: Path | None) -> dict[str, tuple[Path, str]]:
    """template id → (path, "builtin" | "project"), built-ins first."""
    found = {p.stem: (p, "builtin") for p in sorted(builtin_dir().glob("*.docx"))}
    for stem, path in project_templates(project_dir).items():
        found[stem] = (path, "project")
    return found


def find_template(template_id: str, project_dir: Path | None) -> Template:
    """The template for an id (a project template wins), or a .docx file path."""
    found = available(project_dir)
    if template_id in found:
        path, source = found[template_id]
        return load_template(template_id, path, source)
    as_path = Path(template_id)
    if as_path.suffix.lower() == ".docx" and as_path.is_file():
        return load_template(as_path.stem, as_path, "file")
    ids = "、".join(found) or "（无）"
    raise InputError(
        f"没有名为 {template_id} 的模板。可用的模板：{ids}。"
        "运行 docgen templates 可查看说明；自己的模板请放在项目的 "
        "templates/ 文件夹中（文件名即模板名）。"
    )


def list_templates(project_dir: Path | None = None) -> list[TemplateInfo]:
    """Built-in and project templates with the fields each needs."""
    out = []
    for template_id, (path, source) in available(project_dir).items():
        try:
            tpl = load_template(template_id, path, source)
        except InputError as exc:
            out.append(
                TemplateInfo(
                    template_id, _title(template_id, source, ""), source, path, (), exc.message
                )
            )
            continue
        optional = tuple(sorted(".".join(map(str, p)) for p in tpl.optional))
        out.append(
            TemplateInfo(
                template_id,
                _title(template_id, source, tpl.title),
                source,
                path,
                fields_of(tpl),
                optional=optional,
            )
        )
    return out


PROFILE_ROOTS = ("city",)  # project fields with keys docgen.yaml may lack (city.area …)


def fields_of(tpl: Template) -> tuple[str, ...]:
    """Top-level fields, and the nested keys of the ones --data must supply and of
    `city` (docgen.yaml's city profile: city.area, city.committee.director …)."""
    names = sorted(tpl.fields)
    nested = sorted(
        {
            ".".join(map(str, p))
            for p in tpl.paths
            if len(p) > 1 and (p[0] not in FIELDS + EACH_FIELDS or p[0] in PROFILE_ROOTS)
        }
    )
    return tuple(names + [n for n in nested if n not in names])


def _title(template_id: str, source: str, own: str) -> str:
    if source == "builtin":
        return BUILTIN_TITLES.get(template_id, own or template_id)
    return own or BUILTIN_TITLES.get(template_id, template_id)
