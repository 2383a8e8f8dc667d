"""`docgen demo DIR`: a complete example project for a fictional city (江临市,
东川省) with a few hundred filed documents and a known set of planted defects,
listed in the project's 问题说明.md. The same demo comes out of every build."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..scaffold import (
    check_target_folder,
    config_text,
    guide_kinds,
    init_project,
    write_atomic,
    writing_into,
)
from .city import CITY, FONDS, GUIDE, PROFILE, PROVINCE, YEARS
from .defects import ORPHAN, Planted, plant_figures, plant_files, plant_ledger, remove_gaps
from .files import pdf_bytes, write_files
from .formats import plant_formats
from .ledger import Doc, layout, number_docs, plan_docs, set_file_defaults, vary_cells
from .notes import notes_text
from .render_data import write_dossier_data, write_render_data
from .workbooks import indicators_bytes, ledger_bytes, problems_bytes, units_bytes

__all__ = ["MARKER", "Demo", "DemoPlan", "Planted", "build_demo", "demo_plan", "make_demo"]

MARKER = ".docgen-demo"
NOTES = "问题说明.md"
# What a build writes at the top of the folder: all of it, and only it, is removed by --force.
DEMO_ENTRIES = (
    MARKER,
    NOTES,
    "docgen.yaml",
    "ledger",
    "archive",
    "data",
    "templates",
    "render",
    "dossier",
    "out",
)


@dataclass
class DemoPlan:
    """The demo's ledger, laid out in sheets, and where its planted defects are."""

    docs: list[Doc]
    sheets: dict[str, list[Doc]]
    planted: list[Planted]  # ledger.*, file.*, completeness.* and the document's data.mismatch
    # (the data sheets' data.* are added by the build)


@dataclass
class Demo:
    root: Path
    rows: int
    files: int
    planted: list[Planted]

    @property
    def summary(self) -> str:
        return f"{CITY}，{YEARS[0]}–{YEARS[-1]} 年，{self.rows} 行目录、{self.files} 个文件"


def demo_plan() -> DemoPlan:
    """The whole demo ledger with its planted defects, without touching the disk."""
    docs, gaps = remove_gaps(plan_docs())
    number_docs(docs)
    set_file_defaults(docs)
    marks = (  # figures and formats last: 档号 are final, earlier picks keep their documents
        plant_ledger(docs) + plant_files(docs) + plant_figures(docs) + plant_formats(docs)
    )
    vary_cells(docs)
    sheets = layout(docs)
    return DemoPlan(docs, sheets, [m.resolve() for m in marks] + gaps)


def build_demo(directory: Path, force: bool = False) -> str:
    """Build the demo into `directory`; returns a one-line Chinese summary."""
    with writing_into(Path(directory), "docgen demo"):
        return make_demo(directory, force).summary


def make_demo(directory: Path, force: bool = False) -> Demo:
    """Build the demo and say where its planted defects are.

    An existing non-empty folder is refused unless `force`; with `force` only a
    previous demo (one holding the .docgen-demo marker) is removed and rebuilt.
    """
    root = Path(directory)
    _clear_previous(root, force)
    init_project(root, force=True)  # the folder is empty or holds only what the user added
    write_atomic(root / MARKER, _marker_text().encode("utf-8"))
    write_atomic(root / "docgen.yaml", _config().encode("utf-8"))

    plan = demo_plan()
    archive = root / "archive"
    files = write_files(archive, plan.docs)
    write_atomic(archive / ORPHAN, _orphan_pdf())
    write_atomic(
        root / "ledger" / "归档文件目录.xlsx", ledger_bytes(plan.sheets, guide_kinds(GUIDE))
    )
    indicators, data_planted = indicators_bytes()
    problems, problem_planted = problems_bytes()
    write_atomic(root / "data" / "指标数据.xlsx", indicators)
    write_atomic(root / "data" / "成员单位.xlsx", units_bytes())
    write_atomic(root / "data" / "问题清单.xlsx", problems)
    planted = plan.planted + data_planted + problem_planted
    write_atomic(root / NOTES, notes_text(planted).encode("utf-8"))
    write_render_data(root)  # render/{template}.yaml: sample --data for the built-in templates
    write_dossier_data(root)  # dossier/data.yaml: what the application dossier's materials need
    return Demo(root=root, rows=len(plan.docs), files=files + 1, planted=planted)


def _config() -> str:
    """docgen.yaml, with the city profile the dossier's materials read."""
    text = config_text(CITY, PROVINCE, FONDS, list(YEARS), guide=GUIDE)
    fonds = f"  fonds: {FONDS}\n"
    assert fonds in text
    return text.replace(fonds, fonds + PROFILE, 1)


def _clear_previous(root: Path, force: bool) -> None:
    if not (root.is_dir() and any(root.iterdir())):
        check_target_folder(root, force, "docgen demo")  # absent, empty, or a file (refused)
        return
    if not force:
        raise InputError(
            f"文件夹 {root} 已存在且不是空的，docgen demo 不会在其中写入。请换一个新的文件夹名称；"
            f"如果它是以前生成的示例项目，加上 --force 可删除后重建。"
        )
    if not (root / MARKER).is_file():
        raise InputError(
            f"文件夹 {root} 不是 docgen demo 生成的示例项目（其中没有 {MARKER} 标记文件），"
            "为避免误删资料，即使加了 --force，docgen 也不会清空它。请换一个新的文件夹名称。"
        )
    for name in DEMO_ENTRIES:
        _remove(root / name)


def _remove(path: Path) -> None:
    """Remove one entry without following links out of the folder."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _marker_text() -> str:
    return (
        "docgen demo\n"
        "本文件表明所在文件夹是 docgen demo 生成的示例项目。\n"
        "docgen demo --force 只会清空带有本文件的文件夹中的示例内容后重建；"
        "请勿把它复制到真实项目中。\n"
    )


def _orphan_pdf() -> bytes:
    """A scan dropped into the archive but never entered in the ledger (no 归档章 yet)."""
    import datetime as dt

    from .city import UNIT

    scan = Doc(
        year=2025,
        item="5.3",
        section="05",
        kind="检查记录",
        date=dt.date(2025, 6, 17),
        title="农贸市场规范化管理检查记录（补充检查）",
        unit=UNIT["scjg"].name,
        prefix=None,
        retention="D30",
        fmt="pdf",
        pages=2,
    )
    return pdf_bytes(scan, stamp=False)
