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
from .textfmt import progress_bar

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
    """A progress bar on the terminal while files are inspected, read and OCR'd (table
    format only); the stage's name beside it."""

    def __init__(self, fmt: str, output: Path | None) -> None:
        self.enabled = fmt == "table" and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        self.bar = progress_bar()
        self.bar.start()
        self.task = self.bar.add_task("检查归档文件", total=None)

        def update(done: int, total: int, what: str = "检查归档文件") -> None:
            self.bar.update(self.task, completed=done, total=total, description=what)

        return update

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
