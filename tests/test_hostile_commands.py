"""Hostile commands beyond the corpus (test_hostile.py), through the CLI as a user runs
them: formula injection in detail, -o and --force guards, hostile arguments, a project
folder named in GBK, init and demo refusing, guides, a pipe planted as the audit memo."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hostile import (
    CASES,
    LEDGER,
    assert_refused,
    build_base,
    register_summary,
    run,
    snapshot,
)
from hostile_checks import (
    RISKY,
    _restore_permissions,
    project_for,
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return build_base(tmp_path_factory.mktemp("base") / "项目")


@pytest.fixture(scope="module", autouse=True)
def _stats(request, tmp_path_factory):
    register_summary(request.config, tmp_path_factory.getbasetemp())


# ---------------------------------------------------------------- formula injection, in detail


def test_injected_formulas_come_out_as_text(base: Path, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "ledger-formula-injection")
    root = project_for(case, base, tmp_path)
    result = run(
        "audit",
        str(root),
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "r.xlsx"),
        case="injection-detail",
    )
    assert result.returncode == 1
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["整改清单"]
    starts = {}
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str) and cell.value[:1] in RISKY:
                starts[cell.value] = cell.data_type
    assert '=HYPERLINK("http://example.com","点我")' in starts, sorted(starts)
    assert set(starts.values()) == {"s"}


# ---------------------------------------------------------------- -o and --force


def test_output_guards(base: Path, tmp_path: Path) -> None:
    root = tmp_path / "项目"
    shutil.copytree(base, root, symlinks=True)
    before = snapshot(root, skip=("out", "报告.json"))
    for target, name in (
        (root / "ledger" / "r.json", "ledger"),
        (root / "archive" / "sub" / "r.json", "archive"),
        (root / "data" / "r.json", "data"),
        (root / LEDGER, "ledger"),
    ):
        result = run(
            "audit", str(root), "--format", "json", "-o", str(target), case="output-into-input"
        )
        assert_refused(result, name)
    result = run(
        "audit",
        str(root),
        "--format",
        "json",
        "-o",
        str(root / "archive"),
        "--force",
        case="output-folder",
    )
    assert_refused(result, "archive")
    existing = root / "报告.json"
    existing.write_text("旧报告", encoding="utf-8")
    result = run("audit", str(root), "--format", "json", "-o", str(existing), case="output-exists")
    assert result.returncode in (0, 1), result.output  # kept as the previous one, not refused
    kept = list((root / "previous").glob("报告.*.json"))
    assert [k.read_text("utf-8") for k in kept] == ["旧报告"]
    result = run(
        "audit", str(root), "--format", "json", "-o", str(existing), "--force", case="output-force"
    )
    assert result.returncode in (0, 1), result.output
    assert json.loads(existing.read_text("utf-8"))["tool"] == "docgen"
    assert snapshot(root, skip=("out", "报告.json", "previous")) == before


# ---------------------------------------------------------------- hostile arguments


ARGUMENTS = {
    "rules-typo": (["--rules", "legder,file.mising"], "--rules"),
    "rules-empty-parts": (["--rules", ",,;"], "--rules"),
    "years-garbage": (["--years", "二〇二五"], "--years"),
    "years-far": (["--years", "1900-1901"], "--years"),
    "today-garbage": (["--today", "下旬"], "--today"),
    "guide-5000-chars": (["--guide", "g" * 5000], "建档指引"),
    "guide-backslashes": (["--guide", "..\\..\\b.yaml"], "建档指引"),
    "output-5000-chars": (["--format", "json", "-o", "x" * 5000 + ".json"], "输出路径"),
    "output-invalid-utf8": (["--format", "json", "-o", os.fsdecode(b"\xff\xfe.json")], None),
}


@pytest.mark.parametrize("name", list(ARGUMENTS))
def test_hostile_arguments(name: str, base: Path, tmp_path: Path) -> None:
    root = tmp_path / "项目"
    shutil.copytree(base, root, symlinks=True)
    before = snapshot(root, skip=("out",))
    options, refuse = ARGUMENTS[name]
    result = run("audit", str(root), *options, case=f"argument-{name}", cwd=tmp_path)
    if refuse:
        assert_refused(result, refuse)
    else:
        assert result.returncode in (0, 1), result.output
    assert snapshot(root, skip=("out",)) == before


def test_project_folder_named_in_gbk(base: Path, tmp_path: Path) -> None:
    """A project copied from an old USB stick: its folder's name is GBK bytes."""
    root = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), "创卫台账".encode("gbk"))))
    shutil.copytree(base, root, symlinks=True)
    before = snapshot(root, skip=("out",))
    for fmt in ("json", "xlsx", "table"):
        result = run("audit", str(root), "--format", fmt, case="gbk-project-folder")
        assert result.returncode in (0, 1), result.output
    report = json.loads(
        run("audit", str(root), "--format", "json", case="gbk-project-folder").stdout
    )
    assert not [f for f in report["findings"] if f["rule"].startswith("file.")], report["findings"][
        :3
    ]
    assert snapshot(root, skip=("out",)) == before


# ---------------------------------------------------------------- init, demo and guides


def _non_empty(p: Path) -> None:
    p.mkdir()
    (p / "我的资料.txt").write_text("不要动我", encoding="utf-8")


def _a_file(p: Path) -> None:
    p.write_text("我是文件", encoding="utf-8")


def _under_a_file(p: Path) -> Path:
    p.write_text("我是文件", encoding="utf-8")
    return p / "子文件夹"


def _read_only(p: Path) -> None:
    p.mkdir()
    p.chmod(0o555)


def _read_only_parent(p: Path) -> Path:
    p.mkdir()
    p.chmod(0o555)
    return p / "新项目"


def _not_a_demo(p: Path) -> None:
    _non_empty(p)


SITUATIONS = {
    "non-empty": (_non_empty, ()),
    "a-file": (_a_file, ()),
    "under-a-file": (_under_a_file, ()),
    "read-only": (_read_only, ()),
    "read-only-parent": (_read_only_parent, ()),
    "force-over-user-folder": (_not_a_demo, ("--force",)),
}


@pytest.mark.parametrize("command", ["init", "demo"])
@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_init_and_demo_refuse(command: str, situation: str) -> None:
    if situation == "force-over-user-folder" and command == "init":
        pytest.skip("init --force only adds missing files: covered by test_init_force_keeps_files")
    # a folder of its own under the system's temp folder, which an ordinary user can
    # reach (pytest's own are private to root): the read-only cases run as nobody
    home = Path(tempfile.mkdtemp(prefix="docgen-hostile-"))
    os.chmod(home, 0o755)
    target = home / "项目"
    prepare, options = SITUATIONS[situation]
    target = prepare(target) or target
    before = snapshot(home)
    as_nobody = situation.startswith("read-only") and os.geteuid() == 0
    if as_nobody and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a read-only folder cannot be tested")
    try:
        result = run(
            command,
            str(target),
            *options,
            case=f"{command}-{situation}",
            cwd=home,
            as_nobody=as_nobody,
        )
        assert_refused(result, target.name if situation != "under-a-file" else target.parent.name)
        assert snapshot(home) == before
    finally:
        _restore_permissions(home)
        shutil.rmtree(home, ignore_errors=True)


def test_init_force_keeps_files(tmp_path: Path) -> None:
    target = tmp_path / "项目"
    _non_empty(target)
    (target / "docgen.yaml").write_text("# 我自己的设置\n", encoding="utf-8")
    result = run("init", str(target), "--force", case="init-force")
    assert result.returncode == 0, result.output
    assert (target / "docgen.yaml").read_text("utf-8") == "# 我自己的设置\n"
    assert (target / "我的资料.txt").read_text("utf-8") == "不要动我"
    assert (target / LEDGER).is_file()


def test_guides() -> None:
    result = run("guides", case="guides")
    assert result.returncode == 0
    assert "national-city-2021" in result.stdout


# ---------------------------------------------------------------- planted caches


def test_a_pipe_planted_as_the_audit_memo_does_not_hang(base: Path, tmp_path: Path) -> None:
    from hostile import mkfifo, run_bounded

    root = tmp_path / "项目"
    shutil.copytree(base, root, symlinks=True)
    mkfifo(root / "out" / ".cache" / "audit-memo.pickle")
    result = run_bounded("audit", str(root), "--format", "json", timeout=2)
    assert result.returncode in (0, 1), result.output[-2000:]
