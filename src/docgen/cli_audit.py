"""What `docgen audit` does around the audit itself: the --data of a 督查通报, the
report written in the chosen format, the line about the history, the progress bar;
and the --today that audit and dossier build both take."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import InputError

CLUSTER_HELP = (
    "把文件检查和文字提取交给这个 Dask 集群（如 tcp://10.0.0.5:8786，需 docgen[cluster]）。"
)

if TYPE_CHECKING:
    from .audit import AuditResult
    from .history.model import Comparison


def docx_data(fmt: str, data_file: Path | None) -> dict | None:
    """The --data YAML for the 督查通报, read before the audit (a bad file stops it)."""
    if data_file is None:
        return None
    if fmt != "docx":
        raise InputError(
            "--data 只用于 --format docx（督查通报的标题、发文字号、主送机关等）。"
            "请去掉 --data，或加上 --format docx。"
        )
    from .view.context import read_data

    return read_data(data_file)


def emit(
    result: AuditResult,
    fmt: str,
    output: Path | None,
    force: bool,
    directory: Path,
    comparison: Comparison | None,
    data: dict | None,
    today: dt.date | None,
) -> None:
    """Write the audit's report in `fmt`: to `output`, or the terminal for table/json."""
    from .output import write_bytes, write_text

    if fmt == "json":
        from .report.json_report import render

        text = render(result)
        if output is None:
            click.echo(text, nl=False)
        else:
            write_text(output, text, force=force, project_root=directory, project=result.project)
    elif fmt == "xlsx":
        from .report.xlsx_report import render

        write_bytes(
            output,
            render(result, comparison),
            force=force,
            project_root=directory,
            project=result.project,
        )
        click.echo(f"已写出整改清单：{output}（{result.errors} 个错误，{result.warnings} 个警告）")
    elif fmt == "html":
        from .report.html_report import render

        page = render(result, comparison, base=output.parent)  # file links relative to the page
        write_bytes(
            output,
            page.encode("utf-8"),
            force=force,
            project_root=directory,
            project=result.project,
        )
        click.echo(f"已写出审核报告：{output}（{result.errors} 个错误，{result.warnings} 个警告）")
    elif fmt == "docx":
        from .report.docx_report import render

        write_bytes(
            output,
            render(result, data, today),
            force=force,
            project_root=directory,
            project=result.project,
        )
        click.echo(
            f"已写出督查通报：{output}（{result.errors} 个错误，{result.warnings} 个警告）。"
            "标题、发文字号、主送机关、工作要求等用了默认写法，"
            "可用 --data FILE.yaml 改写后重新生成（加 --force "
            "覆盖）。"
        )
    else:
        from .report.table import print_report, render_text

        if output is None:
            print_report(result)
        else:
            write_text(
                output,
                render_text(result),
                force=force,
                project_root=directory,
                project=result.project,
            )


def history_line(c: Comparison) -> str:
    """What this run changed against the last one, in one line."""
    run = c.current
    if c.previous is None:
        return (
            f"本次审核已记录到审核历史（#{run.run_id}）。以后每次审核都会与上一次比较，"
            "运行 docgen history 查看。"
        )
    return (
        f"本次审核已记录到审核历史（#{run.run_id}）。与上一次（#{c.previous.run_id}，"
        f"{c.previous.run_time.replace('T', ' ')}）相比：新增 {run.new} 个，已整改 {run.fixed} 个，"
        f"未整改 {run.still_open} 个。运行 docgen history 查看详情。"
    )


def parse_today(text: str | None) -> dt.date | None:
    """The --today date (YYYY-MM-DD), or None when none is given."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--today 的值 {text!r} 不是日期。请写成 2026-11-23 的形式。") from None


class ProgressBar:
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

        self.bar = Progress(
            TextColumn("检查归档文件"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("files", total=None)

        def update(done: int, total: int) -> None:
            self.bar.update(self.task, completed=done, total=total)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


REPORT_NAMES = {"json": "audit.json", "xlsx": "整改清单.xlsx", "html": "审核报告.html"}
REPORT_NAMES["table"] = "audit.txt"


def audit_projects(
    directories: list[Path],
    fmt: str,
    rules: list[str] | None,
    today: dt.date | None,
    cluster: str | None,
    force: bool,
) -> int:
    """`docgen audit-all`: each project audited (on the cluster, one project a worker,
    when `cluster` is given), its report written to its own out/ and its run recorded
    in its history, as `docgen audit` would. The exit status: 2 when a project could not
    be audited (the others are), else 1 when any has error-level findings, else 0."""
    from functools import partial

    from .audit import run_audit
    from .history import record_run
    from .output import check_target
    from .workers.cluster import map_calls, using

    for d in directories:  # refuse before the work, not after
        check_target(d / "out" / REPORT_NAMES[fmt], force, project_root=d)
    with using(cluster):
        # absolute: a worker's working folder is not ours
        roots = [d.absolute() for d in directories]
        results = map_calls(partial(run_audit, rules=rules, today=today), roots)
    status = 0
    for d, result in zip(directories, results):
        if isinstance(result, InputError):
            click.echo(f"{d}：未能审核。{result}", err=True)
            status = 2
            continue
        output = d / "out" / REPORT_NAMES[fmt]
        comparison = record_run(d, result, rules=rules)
        emit(result, fmt, output, force, d, comparison, None, today)
        if fmt in ("json", "table"):
            counts = f"{result.errors} 个错误，{result.warnings} 个警告"
            click.echo(f"已写出审核结果：{output}（{counts}）")
        status = max(status, 1 if result.errors else 0)
    return status


def address_of(cluster: str | None) -> str | None:
    """--cluster's scheduler address, checked (None: docgen.yaml's, or here)."""
    if not cluster:
        return None
    from .workers.cluster import check_address

    return check_address(cluster, "--cluster")


@click.command("audit-all")
@click.argument("directories", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("json", "xlsx", "html", "table")),
    default="json",
    show_default=True,
    help="每个项目的报告格式，写到各项目的 out/ 下"
    "（audit.json、整改清单.xlsx、审核报告.html、audit.txt）。",
)
@click.option("--rules", help="只运行这些规则（按前缀，逗号分隔）。")
@click.option("--today", help="以此日期为“今天”（YYYY-MM-DD），用于逾期判断。")
@click.option("--cluster", help=CLUSTER_HELP + "各项目分到集群的各台机器上审核。")
@click.option("--force", is_flag=True, help="覆盖已存在的报告文件。")
def audit_all(
    directories: tuple[Path, ...],
    fmt: str,
    rules: str | None,
    today: str | None,
    cluster: str | None,
    force: bool,
) -> None:
    """审核多个项目（如全省各市），报告写到各项目的 out/ 下；可用 --cluster 分到集群上。"""
    prefixes = [p.strip() for p in rules.split(",") if p.strip()] if rules else None
    address = address_of(cluster)
    status = audit_projects(list(directories), fmt, prefixes, parse_today(today), address, force)
    from .cli_guard import earn

    earn(status)
    sys.exit(status)
