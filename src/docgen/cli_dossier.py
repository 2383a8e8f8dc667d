"""`docgen dossier build|verify`: the application dossier and its check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_audit import parse_today
from .cli_guard import earn


@click.group()
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
@click.option(
    "--online",
    is_flag=True,
    help=(
        "另生成线上评估材料（线上评估/：11 个上传栏目的 PDF、评估填报表、法规文件信息、上传清单）。"
    ),
)
@click.option(
    "--mode",
    type=click.Choice(["创建", "复审"]),
    help="线上评估的材料类型（默认取 docgen.yaml 的 online.mode，未写为 创建）。",
)
def dossier_build(
    directory: Path,
    output: Path | None,
    force: bool,
    no_pdf: bool,
    build_time: str | None,
    today: str | None,
    online: bool,
    mode: str | None,
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
            online=online or mode is not None,
            mode=mode,
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
