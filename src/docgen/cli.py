"""The docgen command line. Exit status: 0 done, 1 error-level findings or a refused
build, 2 input that cannot be used (with a Chinese message, never a traceback)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_audit import (
    CLUSTER_HELP,
    ProgressBar,
    address_of,
    audit_all,
    docx_data,
    emit,
    history_line,
    parse_today,
)
from .cli_guard import Docgen, earn
from .errors import InputError

FORMATS = ("table", "json", "xlsx", "html", "docx")
DEFAULT_NAMES = {"xlsx": "整改清单.xlsx", "html": "审核报告.html", "docx": "督查通报.docx"}


@click.group(cls=Docgen, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出错时显示完整的调试信息。")
@click.version_option(__version__, prog_name="docgen")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """docgen：创卫台账审核与公文生成。"""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="文件夹非空时仍然写入（不覆盖已有文件）。")
def init(directory: Path, force: bool) -> None:
    """新建一个空项目（带表头的目录工作簿和数据表）。"""
    from .scaffold import init_project

    init_project(directory, force=force)
    click.echo(f"已在 {directory} 新建项目。请编辑 docgen.yaml 并填写 ledger/归档文件目录.xlsx。")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="文件夹已存在时删除其中的示例项目后重建。")
def demo(directory: Path, force: bool) -> None:
    """生成一个完整的示例项目（虚构城市，含故意设置的问题）。"""
    from .demo import build_demo

    summary = build_demo(directory, force=force)
    click.echo(f"已在 {directory} 生成示例项目：{summary}")
    click.echo(f"下一步：docgen audit {directory}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="报告格式：table 终端摘要，json，xlsx 整改清单，html 审核报告，docx 督查通报。",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="报告写到此文件（默认 out/整改清单.xlsx、out/审核报告.html、out/督查通报.docx）。",
)
@click.option("--guide", help="改用另一份建档指引（内置编号或 YAML 路径）。")
@click.option("--years", help="审核年度，如 2024-2026。")
@click.option("--rules", help="只运行这些规则（按前缀，逗号分隔），如 ledger,file.missing。")
@click.option("--today", help="以此日期为“今天”（YYYY-MM-DD），用于逾期判断。")
@click.option(
    "--data",
    "data_file",
    type=click.Path(path_type=Path),
    help="--format docx 时督查通报的补充数据（YAML）：title、issuer、"
    "org_code、seq、recipient、requirements 等。",
)
@click.option("--force", is_flag=True, help="覆盖已存在的报告文件。")
@click.option("--cluster", help=CLUSTER_HELP)
def audit(
    directory: Path,
    fmt: str,
    output: Path | None,
    guide: str | None,
    years: str | None,
    rules: str | None,
    today: str | None,
    data_file: Path | None,
    force: bool,
    cluster: str | None,
) -> None:
    """审核归档目录、归档文件和资料完整性；每次审核都记录到审核历史（docgen history）。"""
    from .audit import run_audit
    from .history import record_run
    from .load.project import parse_years

    year_list = parse_years(years, "--years") if years else None
    prefixes = [p.strip() for p in rules.split(",") if p.strip()] if rules else None
    day = parse_today(today)
    data = docx_data(fmt, data_file)
    if output is None and fmt in DEFAULT_NAMES:
        output = directory / "out" / DEFAULT_NAMES[fmt]
    if output is not None:
        from .output import check_target

        if fmt == "docx" and output.suffix.lower() != ".docx":
            raise InputError(
                f"督查通报是 Word 文档，输出文件名 {output} 应以 "
                f".docx 结尾。请改用 -o {output.with_suffix('.docx')}。"
            )
        guard = _project_or_none(directory)  # refuse before the work, not after
        check_target(output, force, project_root=directory, project=guard)
    address = address_of(cluster)
    with ProgressBar(fmt, output) as progress:
        result = run_audit(
            directory,
            guide=guide,
            years=year_list,
            rules=prefixes,
            today=day,
            progress=progress,
            cluster=address,
        )
    comparison = record_run(directory, result, rules=prefixes)  # the real clock, not --today
    earn(1 if result.errors else 0)  # what a pipe closed early leaves the status at
    emit(result, fmt, output, force, directory, comparison, data, day)
    if fmt == "table" and output is None and comparison is not None:
        click.echo(history_line(comparison))
    sys.exit(1 if result.errors else 0)


main.add_command(audit_all)


def _project_or_none(directory: Path):
    """The project whose inputs an output must stay out of, for the check before the
    audit; None when docgen.yaml cannot be loaded (the audit then says why)."""
    from .load.project import load_project

    try:
        return load_project(directory)
    except InputError:
        return None


class _RenderCommand(click.Command):
    """`docgen render --help` names the built-in templates found where they ship."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .resources import resource_dir

        ids = sorted(p.stem for p in resource_dir("templates").glob("*.docx"))
        formatter.write_paragraph()
        formatter.write("  用模板生成公文。内置模板（项目 templates/ 中的同名模板优先）：\n")
        for tid in ids:  # one a line: a hyphenated id must not be wrapped
            formatter.write(f"    {tid}\n")
        formatter.write("  docgen templates DIR 列出每个模板需要的字段。\n")


@main.command(cls=_RenderCommand)
@click.argument("template")
@click.argument("directory", type=click.Path(path_type=Path), default=".", required=False)
@click.option(
    "--data",
    "data_file",
    type=click.Path(path_type=Path),
    help="补充数据（YAML），如发文字号、会议时间地点。",
)
@click.option("--each", type=click.Choice(("unit",)), help="每个责任单位一份（交办单）。")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="输出文件（--each 时为文件夹）。"
)
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 转成 PDF。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出。")
def render(
    template: str,
    directory: Path,
    data_file: Path | None,
    each: str | None,
    output: Path | None,
    pdf: bool,
    force: bool,
) -> None:
    """用模板生成公文（内置模板见 docgen render --help）。"""
    from .render import render as render_template

    written = render_template(
        template, directory, data_file=data_file, each=each, output=output, pdf=pdf, force=force
    )
    for path in written:
        click.echo(f"已生成：{path}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), default=None, required=False)
def templates(directory: Path | None) -> None:
    """列出内置模板和项目模板，以及每个模板需要的字段。"""
    from .render import list_templates

    for t in list_templates(directory):
        where = "项目模板" if t.source == "project" else "内置"
        click.echo(f"{t.id}\t{t.title}\t（{where}{'，按单位分份' if t.per_unit else ''}）")
        if t.problem:
            click.echo(f"    不能使用：{t.problem}")
            continue
        click.echo(f"    需要 --data 提供：{'、'.join(t.data_fields) or '无'}")
        click.echo(f"    全部字段：{'、'.join(t.fields)}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="报告格式。",
)
@click.option(
    "--layout/--no-layout",
    default=True,
    help="用 LibreOffice 排版后检查版面（每行字数、版记位置等）；--no-layout 不排版，快，"
    "但不检查版面。",
)
def lint(paths: tuple[Path, ...], fmt: str, layout: bool) -> None:
    """按 GB/T 9704-2012 检查公文格式（.docx、.doc、.wps、.ofd 文件或文件夹）。"""
    from .lint import run_lint

    text, status = run_lint(list(paths), fmt, layout)
    earn(status)
    click.echo(text, nl=not text.endswith("\n"))
    sys.exit(status)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="输出格式。",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="只列出最近 N 次审核（0 为全部）。",
)
def history(directory: Path, fmt: str, limit: int) -> None:
    """审核历史：每次审核的完整率、错误数，以及新增、已整改、未整改的问题。"""
    from .history import HistoryError
    from .history.show import print_history, read_history, render_json
    from .load.project import load_project

    project = load_project(directory)  # not a project: exit 2 with its message
    try:
        h = read_history(directory, project.city.name, limit)
    except HistoryError as exc:
        raise InputError(exc.message) from None
    if fmt == "json":
        click.echo(render_json(h, directory), nl=False)
    else:
        print_history(h, directory)


@main.command()
def guides() -> None:
    """列出内置建档指引。"""
    from .load.guide import builtin_guides, load_guide

    for gid in builtin_guides():
        g = load_guide(gid)
        items = sum(len(s.items) for s in g.sections)
        click.echo(
            f"{gid}\t{g.title}\t{len(g.sections)} 个类目、{items} 个条目，审核 {g.window} 年"
        )


# ---------------------------------------------------------------- dossier


@main.group()
def dossier() -> None:
    """申报材料：生成（build）和核验（verify）。"""


@dossier.command("build")
@click.argument("directory", type=click.Path(path_type=Path), default=".", required=False)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="输出文件夹（默认 out/申报材料）。"
)
@click.option(
    "--force", is_flag=True, help="预检有错误时仍然生成（目录标为草稿），并覆盖已有的输出文件夹。"
)
@click.option(
    "--no-pdf", "no_pdf", is_flag=True, help="不调用 LibreOffice：不计算页码，不生成 PDF 汇编。"
)
@click.option(
    "--build-time", help="写入 bag-info.txt 的生成时间（默认取 dossier/data.yaml 的 date）。"
)
@click.option("--today", help="以此日期为“今天”（YYYY-MM-DD），用于预检中的逾期判断。")
def dossier_build(
    directory: Path,
    output: Path | None,
    force: bool,
    no_pdf: bool,
    build_time: str | None,
    today: str | None,
) -> None:
    """预检后生成申报材料、目录、汇编、证明材料索引和校验清单。"""
    from .dossier.build import Refused, build_dossier

    try:
        report = build_dossier(
            directory,
            output=output,
            force=force,
            pdf=not no_pdf,
            build_time=build_time,
            today=parse_today(today),
        )
    except Refused as refused:
        earn(1)
        click.echo(refused.summary, err=True)
        click.echo(
            "未生成申报材料。请先整改上述问题（docgen audit 可查看全部问题）；"
            "如确需先出草稿，请加上 --force（目录将标为草稿）。",
            err=True,
        )
        sys.exit(1)
    _print_build(report)


def _print_build(report) -> None:
    if report.draft:
        click.echo(report.preflight.summary(), err=True)
        click.echo("已按 --force 生成草稿，目录页标有“草稿”。", err=True)
    else:
        click.echo(report.preflight.summary())
    for name in report.files:
        click.echo(f"已生成：{report.folder / name}")
    for title in report.pending:
        click.echo(f"待提供：{title}（放入 dossier/ 文件夹后重新生成）")
    for line in report.notes:
        click.echo(f"注意：{_printable(line)}", err=True)
    if not report.pages_counted:
        click.echo(report.pages_note)
    click.echo(f"核验：docgen dossier verify {report.folder}")


@dossier.command("verify")
@click.argument("path", type=click.Path(path_type=Path))
def dossier_verify(path: Path) -> None:
    """按 manifest-sha256.txt 核验申报材料文件夹：缺失、多余、已改动的文件。"""
    from .dossier.bag import LABELS, verify

    problems = verify(path)
    earn(1 if problems else 0)
    for p in problems:
        detail = f"（{p.detail}）" if p.detail else ""
        click.echo(f"{LABELS[p.kind]}：{_printable(p.path)}{_printable(detail)}")
    if problems:
        click.echo(f"核验未通过：{path} 有 {len(problems)} 处与清单不符。")
        sys.exit(1)
    click.echo(f"核验通过：{path} 中的文件与清单完全一致。")


def _printable(text: str) -> str:
    """File names that are not valid UTF-8 (GBK from a USB stick) shown with �."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


if __name__ == "__main__":
    main()
