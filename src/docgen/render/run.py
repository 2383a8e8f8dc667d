"""`docgen render`: template + project (+ --data) → .docx files (and PDFs)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..output import check_place, check_target, input_folders, write_bytes
from ..templating.analysis import Template
from ..templating.engine import render_documents
from ..view import context as contexts
from .each import check_each, unique_stems, units_to_render, unlisted_note
from .set import recover_set, write_set
from .staging import sweep_scratch
from .templates import find_template


def render(
    template_id: str,
    project_dir: Path,
    data_file: Path | None = None,
    each: str | None = None,
    output: Path | None = None,
    pdf: bool = False,
    force: bool = False,
    note: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render a template on the project at `project_dir`; returns the files written
    (the .docx files, then the PDFs). Nothing is written unless every document renders.
    `note` is told what the clerk must see besides (with --each unit: the 责任单位
    that are not member units, which get no document).

    Default output: DIR/out/{id}-{YYYYMMDD}.docx, or the folder DIR/out/{id}/ with one
    {unit name}.docx per unit for `each="unit"`; `output` names the file (or folder)."""
    root = Path(project_dir)
    check_each(each)
    source = source_for(root, contexts.read_data(data_file))
    source.input  # noqa: B018 — reads docgen.yaml and the data sheets: a bad project stops here
    guard = input_folders(root, source.input.project)  # ledger/, archive/, data/, paths.*
    if output is not None:
        check_place(output, guard, root)  # before the work (--each may run an audit), not after
    tpl = find_template(template_id, root)
    if pdf:
        from .pdf import find_soffice

        find_soffice()  # before any work: say how to install it
    base = contexts.build(source, tpl.fields)
    jobs = _jobs(tpl, source, base, each, output)
    if each and note is not None and (text := unlisted_note(source)):
        note(text)
    sweep_scratch(root)
    if each:
        recover_set(jobs[0][0].parent)  # before the checks: a killed run's leftovers
    for path, _ in jobs:
        check_target(path, force, input_paths=guard, out_root=root)
        if each and pdf:
            check_target(path.with_suffix(".pdf"), force, input_paths=guard, out_root=root)
    names = [path.stem for path, _ in jobs] if each else None
    documents = render_documents(tpl, [ctx for _, ctx in jobs], names)
    if each:
        return write_set(jobs[0][0].parent, [p.name for p, _ in jobs], documents, pdf, root, source)
    for (path, _), data in zip(jobs, documents, strict=True):
        write_bytes(path, data, force=force, input_paths=guard, out_root=root)
    written = [path for path, _ in jobs]
    if pdf:
        from .pdf import to_pdf

        written += to_pdf(written, force, project_root=root, project=source.input.project)
    return written


def source_for(root: Path, data: dict[str, Any] | None = None) -> contexts.Source:
    """The project at `root` as templates see it: loaded, and audited when a template
    asks for what only the audit decides (each on the day `today`, --data may set it)."""
    from ..audit import judge, load_input, run_audit

    return contexts.Source(
        root,
        data,
        load=lambda day: load_input(root, inspect=False, today=day),
        audit=lambda day: run_audit(root, today=day),
        verdicts=lambda loaded: judge(loaded, selected=[]).verdicts,
    )


def _jobs(
    tpl: Template,
    source: contexts.Source,
    base: dict[str, Any],
    each: str | None,
    output: Path | None,
) -> list[tuple[Path, dict[str, Any]]]:
    stamp = source.today.strftime("%Y%m%d")
    if each is None:
        target = (
            Path(output) if output is not None else source.root / "out" / f"{tpl.id}-{stamp}.docx"
        )
        if _is_dir(target):
            target = target / f"{tpl.id}-{stamp}.docx"
        elif target.suffix.lower() != ".docx":
            raise InputError(
                f"输出文件名 {target} 应以 .docx 结尾（Word 文档）。"
                f"请改用 -o {target.with_suffix('.docx')}。"
            )
        return [(target, base)]
    if not tpl.needs("unit"):
        raise InputError(
            f"模板 {tpl.label} 没有用到 unit 字段，加 --each unit 只会生成内容相同的文件。"
            "请去掉 --each，或改用每个单位一份的模板（如 assignment）。"
        )
    folder = Path(output) if output is not None else source.root / "out" / tpl.id
    if folder.suffix.lower() == ".docx" or (os.path.lexists(folder) and not _is_dir(folder)):
        raise InputError(
            f"--each unit 每个单位生成一份文档，-o 应指定一个文件夹，而 {folder} 是文件名。"
            "请改用文件夹，例如 -o out/交办单。"
        )
    units = units_to_render(source)
    stems = unique_stems([u["name"] for u in units])
    return [
        (folder / f"{stem}.docx", {**base, "unit": u}) for stem, u in zip(stems, units, strict=True)
    ]


def _is_dir(path: Path) -> bool:
    """Path.is_dir, False for a name the file system refuses (too long): check_target
    then says what is wrong with it."""
    try:
        return path.is_dir()
    except OSError:
        return False
