"""The docgen command line. Exit status: 0 done, 1 error-level findings or a refused
build, 2 input that cannot be used (with a Chinese message, never a traceback)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_audit import (
    CLUSTER_HELP,
    DEFAULT_NAMES,
    FORMATS,
    ProgressBar,
    address_of,
    audit_all,
    check_targets,
    docx_data,
    emit,
    history_line,
    parse_formats,
    parse_today,
    targets,
)
from .cli_dossier import dossier
from .cli_guard import Docgen, earn
from .errors import InputError

__all__ = ["DEFAULT_NAMES", "FORMATS", "main"]  # the formats: tests import them here


@click.group(cls=Docgen, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出错时显示完整的调试信息。")
@click.version_option(__version__, prog_name="docgen")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """docgen：创卫台账审核与公文生成。"""
    ctx.obj = {"debug": debug}


def table_or_json(help: str):
    """The --format option of a command that prints a table or JSON."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(("table", "json")),
        default="table",
        show_default=True,
        help=help,
    )


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
    default="table",
    show_default=True,
    help="报告格式：table 终端摘要，json，xlsx 整改清单，html 审核报告，docx 督查通报；"
    "可用逗号写几种，如 xlsx,html,docx（一次审核，一条审核历史）。",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="报告写到此文件（默认 out/整改清单.xlsx、out/审核报告.html、out/督查通报.docx）；"
    "几种格式时为文件夹（默认 out/）。已有的报告改名保留在旁边的 previous/ 中。",
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
@click.option("--force", is_flag=True, help="（不再需要：已有的报告总是改名保留后重写。）")
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
    from .rectify.project import for_audit

    year_list = parse_years(years, "--years") if years else None
    prefixes = [p.strip() for p in rules.split(",") if p.strip()] if rules else None
    day = parse_today(today)
    formats = parse_formats(fmt)
    data = docx_data(formats, data_file)
    where = targets(formats, output, directory)
    check_targets(where, directory, _project_or_none(directory))
    address = address_of(cluster)
    with ProgressBar(formats[0] if len(formats) == 1 else "", output) as progress:
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
    state = for_audit(directory, result)
    for name, target in where.items():
        emit(result, name, target, directory, comparison, data, day, state)
    if where.get("table", 1) is None and comparison is not None:
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
        template,
        directory,
        data_file=data_file,
        each=each,
        output=output,
        pdf=pdf,
        force=force,
        note=lambda text: click.echo(f"注意：{text}", err=True),
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
@table_or_json("报告格式。")
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
@table_or_json("输出格式。")
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
    from .rectify.command import unit_progress
    from .report.progress import progress_dicts, progress_lines

    project = load_project(directory)  # not a project: exit 2 with its message
    try:
        h = read_history(directory, project.city.name, limit)
    except HistoryError as exc:
        raise InputError(exc.message) from None
    state = unit_progress(directory, project)
    if fmt == "json":
        units = None if state is None else progress_dicts(state)
        click.echo(render_json(h, directory, units), nl=False)
    else:
        print_history(h, directory)
        for line in progress_lines(state) if state is not None else []:
            click.echo(line)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def rectify(directory: Path, files: tuple[Path, ...]) -> None:
    """读入责任单位交回的整改表（docgen audit --format xlsx 导出的单位工作表），
    逐行核对后记入审核历史。"""
    from .rectify.command import run_rectify

    outcome = run_rectify(directory, list(files))
    earn(outcome.status)
    for line in outcome.lines:
        click.echo(line, err=line.startswith("未记录") or outcome.status == 2)
    sys.exit(outcome.status)


@main.command()
@click.argument("guide_id", required=False)
def guides(guide_id: str | None) -> None:
    """列出内置建档指引；给出指引编号（或指引 YAML 的路径）时列出它的类目、条目和要求。"""
    from .cli_guides import guide_text, list_text

    click.echo(guide_text(guide_id) if guide_id else list_text(), nl=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", required=False)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="端口（默认自动选一个空闲端口）。"
)
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="监听地址；改为本机其他地址会向网络开放（有警告）。",
)
@click.option(
    "--max-upload",
    type=click.IntRange(1, 4096),
    default=200,
    show_default=True,
    help="每个上传文件的大小上限（MiB）。",
)
def serve(directory: Path, port: int, no_browser: bool, host: str, max_upload: int) -> None:
    """网页工作台：在浏览器中管理项目、审核、生成公文和申报材料（只在本机）。"""
    try:
        from .web.server import serve as run
    except ImportError:
        raise InputError(
            "网页工作台需要另外安装：pip install 'docgen[web]'（或 make 安装的环境已包含）。"
        ) from None
    run(directory, host, port, not no_browser, max_upload)


# ---------------------------------------------------------------- dossier


main.add_command(dossier)


if __name__ == "__main__":
    main()
