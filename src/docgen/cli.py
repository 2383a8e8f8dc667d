"""The docgen command line. Exit status: 0 done, 1 error-level findings or a refused
build, 2 input that cannot be used (with a Chinese message, never a traceback)."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import InputError

FORMATS = ("table", "json", "xlsx")
DEFAULT_NAMES = {"xlsx": "整改清单.xlsx"}


class Docgen(click.Group):
    """Turns every failure into a one-paragraph message and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"错误：{exc.message}", err=True)
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # `docgen templates | head`: the reader left, nothing to say
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 — a bug of ours: say so plainly, no traceback unless --debug
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(
                f"错误：docgen 处理时发生意外错误（{type(exc).__name__}: {str(exc)[:200]}）。"
                "输入文件未被改动。请加 --debug 重新运行，并把输出发给维护人员。",
                err=True,
            )
            sys.exit(2)


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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="报告格式。")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="报告写到此文件（xlsx 默认写到 out/整改清单.xlsx）。")
@click.option("--guide", help="改用另一份建档指引（内置编号或 YAML 路径）。")
@click.option("--years", help="审核年度，如 2024-2026。")
@click.option("--rules", help="只运行这些规则（按前缀，逗号分隔），如 ledger,file.missing。")
@click.option("--today", help="以此日期为“今天”（YYYY-MM-DD），用于逾期判断。")
@click.option("--force", is_flag=True, help="覆盖已存在的报告文件。")
def audit(directory: Path, fmt: str, output: Path | None, guide: str | None, years: str | None,
          rules: str | None, today: str | None, force: bool) -> None:
    """审核归档目录、归档文件和资料完整性。"""
    from .audit import run_audit
    from .load.project import parse_years

    year_list = parse_years(years, "--years") if years else None
    prefixes = [p.strip() for p in rules.split(",") if p.strip()] if rules else None
    if output is None and fmt in DEFAULT_NAMES:
        output = directory / "out" / DEFAULT_NAMES[fmt]
    if output is not None:
        from .output import check_target

        check_target(output, force, project_root=directory)  # refuse before the work, not after
    with _progress(fmt, output) as progress:
        result = run_audit(directory, guide=guide, years=year_list, rules=prefixes,
                           today=_parse_today(today), progress=progress)
    _emit(result, fmt, output, force, directory)
    sys.exit(1 if result.errors else 0)


def _emit(result, fmt: str, output: Path | None, force: bool, directory: Path) -> None:
    from .output import write_bytes, write_text

    if fmt == "json":
        from .report.json_report import render

        text = render(result)
        if output is None:
            click.echo(text, nl=False)
        else:
            write_text(output, text, force=force, project_root=directory)
    elif fmt == "xlsx":
        from .report.xlsx_report import render

        write_bytes(output, render(result), force=force, project_root=directory)
        click.echo(f"已写出整改清单：{output}（{result.errors} 个错误，{result.warnings} 个警告）")
    else:
        from .report.table import print_report, render_text

        if output is None:
            print_report(result)
        else:
            write_text(output, render_text(result), force=force, project_root=directory)


def _parse_today(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--today 的值 {text!r} 不是日期。请写成 2026-11-23 的形式。") from None


class _progress:
    """A progress bar on the terminal while files are inspected (table format only)."""

    def __init__(self, fmt: str, output: Path | None) -> None:
        self.enabled = fmt == "table" and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("检查归档文件"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("files", total=None)

        def update(done: int, total: int) -> None:
            self.bar.update(self.task, completed=done, total=total)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@main.command()
@click.argument("template")
@click.argument("directory", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--data", "data_file", type=click.Path(path_type=Path), help="补充数据（YAML），如发文字号、会议时间地点。")
@click.option("--each", type=click.Choice(("unit",)), help="每个责任单位一份（交办单）。")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出文件（--each 时为文件夹）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 转成 PDF。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出。")
def render(template: str, directory: Path, data_file: Path | None, each: str | None,
           output: Path | None, pdf: bool, force: bool) -> None:
    """用模板生成公文（notice、meeting-notice、circular、assignment、briefing、work-report）。"""
    from .render import render as render_template

    written = render_template(template, directory, data_file=data_file, each=each, output=output,
                              pdf=pdf, force=force)
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
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True,
              help="报告格式。")
def lint(paths: tuple[Path, ...], fmt: str) -> None:
    """按 GB/T 9704-2012 检查 .docx 公文格式（可给文件或文件夹）。"""
    from .lint import run_lint

    text, status = run_lint(list(paths), fmt)
    click.echo(text, nl=not text.endswith("\n"))
    sys.exit(status)


@main.command()
def guides() -> None:
    """列出内置建档指引。"""
    from .load.guide import builtin_guides, load_guide

    for gid in builtin_guides():
        g = load_guide(gid)
        items = sum(len(s.items) for s in g.sections)
        click.echo(f"{gid}\t{g.title}\t{len(g.sections)} 个类目、{items} 个条目，审核 {g.window} 年")


if __name__ == "__main__":
    main()
