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
from .output import keep_previous, write_bytes
from .report.progress import progress_lines
from .textfmt import progress_bar

CLUSTER_HELP = (
    "把文件检查和文字提取交给这个 Dask 集群（如 tcp://10.0.0.5:8786，需 docgen[cluster]）。"
)

if TYPE_CHECKING:
    from .audit import AuditResult
    from .history.model import Comparison
    from .model import Project
    from .rectify.items import Rectification


def docx_data(formats: list[str], data_file: Path | None) -> dict | None:
    """The --data YAML for the 督查通报, read before the audit (a bad file stops it)."""
    if data_file is None:
        return None
    if "docx" not in formats:
        raise InputError(
            "--data 只用于 --format docx（督查通报的标题、发文字号、主送机关等）。"
            "请去掉 --data，或加上 --format docx。"
        )
    from .view.context import read_data

    return read_data(data_file)


FORMATS = ("table", "json", "xlsx", "html", "docx")
DEFAULT_NAMES = {
    "xlsx": "整改清单.xlsx",
    "html": "审核报告.html",
    "docx": "督查通报.docx",
    "json": "审核结果.json",
    "table": "审核摘要.txt",
}
WRITTEN = {
    "xlsx": "整改清单",
    "html": "审核报告",
    "docx": "督查通报",
    "json": "审核结果",
    "table": "审核摘要",
}


def parse_formats(text: str) -> list[str]:
    """`--format xlsx,html`: the formats, in the order given, each once."""
    chosen = list(dict.fromkeys(t.strip().lower() for t in text.split(",") if t.strip()))
    wrong = [t for t in chosen if t not in FORMATS]
    if wrong or not chosen:
        raise InputError(
            f"--format 的值 {text!r} 中有不认识的格式：{'、'.join(wrong) or '（空）'}。"
            f"可用的格式：{'、'.join(FORMATS)}，可用逗号写几种，如 --format xlsx,html,docx。"
        )
    return chosen


def targets(formats: list[str], output: Path | None, directory: Path) -> dict[str, Path | None]:
    """Where each format goes. One format: -o FILE (table and json without -o: the
    terminal). Several: -o is a folder (default out/) and each report has its default
    name in it; table prints to the terminal unless -o names a folder."""
    if len(formats) == 1:
        fmt = formats[0]
        if output is None and fmt in ("xlsx", "html", "docx"):
            output = directory / "out" / DEFAULT_NAMES[fmt]
        return {fmt: output}
    folder = output if output is not None else directory / "out"
    if folder.suffix and not folder.is_dir():
        raise InputError(
            f"同时输出几种格式时，-o 应是一个文件夹（每种报告用默认文件名写在其中），"
            f"{folder} 看起来是文件名。请改用 -o {folder.parent}，或每次只用一种格式。"
        )
    return {
        fmt: None if fmt == "table" and output is None else folder / DEFAULT_NAMES[fmt]
        for fmt in formats
    }


def emit(
    result: AuditResult,
    fmt: str,
    output: Path | None,
    directory: Path,
    comparison: Comparison | None,
    data: dict | None,
    today: dt.date | None,
    rectification: Rectification | None = None,
) -> None:
    """Write the audit's report in `fmt`: to `output` (an existing report kept as the
    previous one, see keep_previous), or the terminal for table/json."""
    if output is None:
        if fmt == "json":
            from .report.json_report import render

            click.echo(render(result, rectification), nl=False)
        else:
            from .report.table import print_report

            print_report(result)
            if rectification is not None:
                for line in progress_lines(rectification):
                    click.echo(line)
        return
    content = report_bytes(result, fmt, output, comparison, data, today, rectification)
    kept = keep_previous(output, content)
    write_bytes(output, content, force=True, project_root=directory, project=result.project)
    counts = f"（{result.errors} 个错误，{result.warnings} 个警告）"
    click.echo(f"已写出{WRITTEN[fmt]}：{output}{counts}")
    if kept is not None:
        click.echo(f"  上一份已保留为 {kept}")
    if fmt == "docx":
        click.echo(
            "  标题、发文字号、主送机关、工作要求等用了默认写法，"
            "可用 --data FILE.yaml 改写后重新生成。"
        )


def report_bytes(
    result: AuditResult,
    fmt: str,
    output: Path,
    comparison: Comparison | None,
    data: dict | None,
    today: dt.date | None,
    rectification: Rectification | None,
) -> bytes:
    if fmt == "json":
        from .report.json_report import render

        return render(result, rectification).encode("utf-8")
    if fmt == "xlsx":
        from .report.xlsx_report import render

        return render(result, comparison, rectification)
    if fmt == "html":
        from .report.html_report import render

        # file links relative to the page
        page = render(result, comparison, base=output.parent, rectification=rectification)
        return page.encode("utf-8")
    if fmt == "docx":
        from .report.docx_report import render

        return render(result, data, today)
    from .report.table import render_text

    lines = progress_lines(rectification) if rectification is not None else []
    return (render_text(result) + "".join(f"{line}\n" for line in lines)).encode("utf-8")


def check_targets(where: dict, directory: Path, project: Project | None) -> None:
    """Refuse unusable outputs before the work, not after (an existing report is
    kept as the previous one, so no --force is needed)."""
    from .output import check_target

    for name, target in where.items():
        if target is None:
            continue
        if name == "docx" and target.suffix.lower() != ".docx":
            raise InputError(
                f"督查通报是 Word 文档，输出文件名 {target} 应以 "
                f".docx 结尾。请改用 -o {target.with_suffix('.docx')}。"
            )
        check_target(target, True, project_root=directory, project=project)


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
    from .rectify.project import for_audit
    from .workers.cluster import map_calls, using

    for d in directories:  # refuse before the work, not after
        check_target(d / "out" / REPORT_NAMES[fmt], True, project_root=d)  # kept as previous
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
        emit(result, fmt, output, d, comparison, None, today, for_audit(d, result))
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
@click.option("--force", is_flag=True, help="（不再需要：已有的报告总是改名保留后重写。）")
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
