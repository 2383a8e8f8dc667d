"""The hostile render cases, part two: crafted --data files, unit names that would
leave the output folder, and -o targets in the input or at a pipe."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from hostile import (
    PROBLEMS,
    UNITS,
    YAML_BOMB,
    Run,
    link,
    mkfifo,
    raw_xlsx,
    sheet_xml,
)
from hostile_render_base import (
    PROBLEM_HEADER,
    SAFE_NAME,
)
from hostile_render_templates import (
    DATA_ARGS,
    RENDERS,
    RenderCase,
)

# ---------------------------------------------------------------- --data


def _probe_text(root: Path) -> str:
    out = next((root / "out").glob("probe-*.docx"))
    return "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def _escaped(root: Path) -> None:
    out = next((root / "out").glob("probe-*.docx"))
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml, xml[-2000:]
    assert "<img" not in xml


def _contains(part: str) -> Callable[[Path], None]:
    def check(root: Path) -> None:
        assert part in _probe_text(root), _probe_text(root)[:500]

    return check


def _not_owned(root: Path) -> None:
    assert not Path("/tmp/docgen-owned").exists()


def _special_data(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        if path.exists():
            path.unlink()
        make(path)

    return build


# name: (the file's text, bytes or a builder of the path; what the refusal names and says,
# or RENDERS; a check of the project after a render; through the CLI too)
DATA: dict[str, tuple[Any, tuple[str, str] | str, Callable[[Path], None] | None, bool]] = {
    "syntax": ("title: [关于\n", ("data.yaml", "YAML"), None, True),
    "tab": ("meeting:\n\ttime: 9点\n", ("data.yaml", "制表符"), None, False),
    "alias-bomb": (YAML_BOMB + "title: x\n", ("data.yaml", "炸弹"), None, True),
    "recursive-alias": ("title: &t [1, *t]\n", ("data.yaml", "循环"), None, False),
    "list": ("- title\n- x\n", ("data.yaml", "映射"), None, True),
    "scalar": ("关于开展爱国卫生运动的通知\n", ("data.yaml", "映射"), None, False),
    "python-tag": (
        "title: !!python/object/apply:os.system ['touch /tmp/docgen-owned']\n",
        ("data.yaml", "标签"),
        _not_owned,
        True,
    ),
    "binary-and-set": (
        "title: !!binary aGVsbG8=\nx: !!set {a}\n",
        ("data.yaml", "标签"),
        None,
        False,
    ),
    "date-words": ("title: x\ndate: 下旬\n", ("date", "不是日期"), None, False),
    "date-impossible": ("title: x\ndate: 2025-02-30\n", ("data.yaml", "日期不存在"), None, True),
    "today-impossible": ("title: x\ntoday: 2025-13-45\n", ("data.yaml", "月份"), None, False),
    "year-words": ("title: x\nyear: 二〇二五\n", ("year", "年份"), None, False),
    "year-huge": ("title: x\nyear: 99999999999999999999\n", ("year", "1949–2100"), None, False),
    "year-negative": ("title: x\nyear: -5\n", ("year", "1949–2100"), None, False),
    "today-far": ("title: x\ntoday: 9999-12-31\n", RENDERS, None, False),
    "huge-number": ("title: 0x" + "f" * 5000 + "\n", ("data.yaml", "位数过多"), None, True),
    "deep": ("title: " + "[" * 3000 + "]" * 3000 + "\n", ("data.yaml", "嵌套"), None, False),
    "too-big": ("title: x\n# " + "注" * 200_000 + "\n", ("data.yaml", "KB"), None, False),
    "huge-value": (
        "title: " + "很长的标题" * 20_000 + "\n",
        RENDERS,
        _contains("很长的标题" * 100),
        False,
    ),
    "gbk": (
        "title: 关于开展爱国卫生运动的通知\n".encode("gbk"),
        ("data.yaml", "UTF-8"),
        None,
        True,
    ),
    "empty-title": ("title: ''\n", ("title", "title"), None, False),
    "odd-keys": ("? [a, b]\n: 1\n", ("data.yaml", "YAML"), None, False),
    "null-keys": ("title: x\nnull: 1\n~: 2\n3: 4\n'': 5\n", RENDERS, None, False),
    "html": (
        "title: \"<script>alert('x')</script><img src=x onerror=alert(1)>&amp;\"\n",
        RENDERS,
        _escaped,
        True,
    ),
    "xml-break": (
        "title: '</w:t></w:r></w:p><w:body>'\n",
        RENDERS,
        _contains("</w:t></w:r></w:p><w:body>"),
        False,
    ),
    "control-chars": ('title: "a\\x01b\\x1b[31mc\\x0bd"\n', RENDERS, _contains("ab[31mcd"), True),
    "formula": (
        'title: "=HYPERLINK(\\"http://x\\")"\n',
        RENDERS,
        _contains('=HYPERLINK("http://x")'),
        False,
    ),
    "tag": ("title: '{{ 7*7 }}{% raw %}'\n", ("probe", "模板标签"), None, True),
    "fifo": (_special_data(mkfifo), ("data.yaml", "管道"), None, True),
    "folder": (_special_data(lambda p: p.mkdir()), ("data.yaml", "文件夹"), None, True),
    "dev-zero": (_special_data(lambda p: link("/dev/zero", p)), ("data.yaml", "设备"), None, False),
    "missing": (_special_data(lambda p: None), ("data.yaml", "找不到"), None, False),
}


def _write_data(root: Path, content: Any, name: str = "data.yaml") -> Path:
    path = root / "render" / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _data_case(name: str, content: Any, outcome: tuple[str, str] | str, check) -> RenderCase:
    args = ("render", "probe", "{root}", *DATA_ARGS)
    build = lambda root: _write_data(root, content)
    wrap = (lambda root, run: check(root)) if check else None
    if outcome == RENDERS:
        return RenderCase(f"data-{name}", build, args, made=("项目/out/probe-*.docx",), check=wrap)
    refuse, words = outcome
    return RenderCase(f"data-{name}", build, args, refuse=refuse, words=words, check=wrap)


# ---------------------------------------------------------------- --each unit and -o


HOSTILE_UNITS = [
    "../../../../tmp/docgen-逃逸单位",
    "/etc/cron.d/docgen",
    "a\\..\\..\\b单位",
    "CON",
    "aux.txt",
    "...",
    "  . ",
    ("raw", "空字符_x0000_单位"),
    ("raw", "_x001B_[31m红色单位"),
    "\u202egpj.exe单位",
    "长" * 300,
    "甲单位",
    "甲单位-2",
    "ABC局",
    "abc局",
    "冒号:星号*问号?单位",
    "换\n行单位",
]


def _hostile_units(root: Path) -> None:
    rows = [(1, PROBLEM_HEADER)]
    for i, name in enumerate(HOSTILE_UNITS, start=2):
        rows.append(
            (
                i,
                [
                    f"W{i}",
                    f"问题{i}",
                    "某路",
                    "暗访",
                    name,
                    "2025-03-01",
                    "2025-04-01",
                    "整改中",
                    None,
                ],
            )
        )
    rows.append(
        (
            len(rows) + 1,
            ["W99", "重复", "某路", "暗访", "甲单位", "2025-03-01", "2025-04-01", "未整改", None],
        )
    )
    (root / PROBLEMS).write_bytes(raw_xlsx([("Sheet1", sheet_xml(rows), False)]))
    _members_of_problems(root)


def _members_of_problems(root: Path) -> None:
    """Every 责任单位 the problem list names (as docgen reads and splits it) made a
    member unit: 交办单 go only to member units, and these names are the attack."""
    from docgen.audit import load_input

    ctx = load_input(root, inspect=False)
    names = dict.fromkeys(raw for p in ctx.problem_list for raw, _ in p.units)
    rows = [(1, ["单位名称", "简称", "联系人", "电话"])]
    rows += [(i, [name, None, "张三", "12345"]) for i, name in enumerate(names, start=2)]
    (root / UNITS).write_bytes(raw_xlsx([("Sheet1", sheet_xml(rows), False)]))


def _each_outputs(root: Path, run: Run) -> None:
    written = [
        line.split("：", 1)[1] for line in run.stdout.splitlines() if line.startswith("已生成：")
    ]
    folder = root / "out" / "unit-sheet"
    files = sorted(folder.iterdir())
    assert len(written) == len(set(written)) == len(files) >= 10, (written, files)
    for f in files:
        assert f.parent == folder and SAFE_NAME.match(f.name), f.name
        assert len(os.fsencode(f.name)) <= 255
    assert len({f.name.casefold() for f in files}) == len(files), (
        "two units share a file name but for case"
    )


def _existing_output(root: Path) -> None:
    (root / "out").mkdir()
    (root / "out" / "通知.docx").write_text("旧文件", encoding="utf-8")


def _kept(root: Path, run: Run) -> None:
    assert (root / "out" / "通知.docx").read_text("utf-8") == "旧文件"


def _listed(run: Run, ids: list[str]) -> None:
    assert run.returncode == 0, run.output[-2000:]
    for i in ids:
        assert i in run.stdout, run.stdout


PROBE_ARGS = ("render", "probe", "{root}", *DATA_ARGS)
OUTPUT_CASES = [
    RenderCase(
        "each-hostile-unit-names",
        _hostile_units,
        ("render", "unit-sheet", "{root}", "--each", "unit"),
        made=("项目/out/unit-sheet/*.docx",),
        check=_each_outputs,
    ),
    RenderCase(
        "each-into-archive",
        lambda r: None,
        ("render", "unit-sheet", "{root}", "--each", "unit", "-o", "{root}/archive/交办单"),
        refuse="archive",
    ),
    RenderCase(
        "o-into-ledger",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{root}/ledger/通知.docx"),
        refuse="ledger",
    ),
    RenderCase(
        "o-into-archive",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{root}/archive/2025/通知.docx"),
        refuse="archive",
    ),
    RenderCase(
        "o-into-data", lambda r: None, (*PROBE_ARGS, "-o", "{root}/data/通知.docx"), refuse="data"
    ),
    RenderCase(
        "o-link-into-archive",
        lambda r: link(r / "archive", r.parent / "外面" / "链接"),
        (*PROBE_ARGS, "-o", "{home}/外面/链接/通知.docx"),
        refuse="archive",
    ),
    RenderCase(
        "o-existing",
        _existing_output,
        (*PROBE_ARGS, "-o", "{root}/out/通知.docx"),
        refuse="通知.docx",
        words="--force",
        check=_kept,
    ),
    RenderCase(
        "o-existing-force",
        _existing_output,
        (*PROBE_ARGS, "-o", "{root}/out/通知.docx", "--force"),
        made=("项目/out/通知.docx",),
    ),
    RenderCase(
        "o-outside-project",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{home}/外面/通知.docx"),
        made=("外面/通知.docx",),
        skip=("外面/通知.docx",),
    ),
    RenderCase(
        "o-pipe",
        lambda r: mkfifo(r.parent / "外面" / "管道.docx"),
        (*PROBE_ARGS, "-o", "{home}/外面/管道.docx", "--force"),
        refuse="管道.docx",
    ),
    RenderCase(
        "o-too-long",
        lambda r: None,
        (*PROBE_ARGS, "-o", "{home}/" + "长" * 300 + ".docx"),
        refuse="长长",
    ),
    RenderCase(
        "out-links-outside", lambda r: link(r.parent / "外面", r / "out"), PROBE_ARGS, refuse="out"
    ),
    RenderCase(
        "out-links-into-archive", lambda r: link("archive", r / "out"), PROBE_ARGS, refuse="archive"
    ),
    RenderCase(
        "unknown-template",
        lambda r: None,
        ("render", "../../etc/passwd", "{root}"),
        refuse="passwd",
    ),
]
