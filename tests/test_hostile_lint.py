"""`docgen lint` against hostile .docx files and folders, through the CLI as a user
runs it: every kind of broken or crafted file the audit corpus files in the archive
(zip bombs, a .doc renamed, truncated, encrypted, empty), XML that declares entities
(billion laughs, an external entity, an external DTD on a local port that must never
be asked), a body of 120,000 paragraphs, attribute values no Word writes, and folders
with pipes, devices, links leaving them, link loops and names in GBK.

Every file: a format.unreadable finding with a Chinese reason, or the format checks'
findings; never a traceback; bounded time and memory; nothing changed, nothing read
over the network. A path that does not exist: exit status 2 naming it.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile import (
    CJK,
    assert_clean,
    assert_refused,
    register_summary,
    run,
    snapshot,
)
from hostile_lint_files import (
    FILES,
    NOT_LISTED,
    UNREADABLE,
    Listener,
    _external_dtd,
    build_folder,
    good_docx,
    says,
)

from docgen.lint import lint_paths


@pytest.fixture(scope="module", autouse=True)
def _stats(request, tmp_path_factory):
    register_summary(request.config, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def listener():
    port = Listener()
    yield port
    port.sock.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory, listener: Listener) -> Path:
    root = build_folder(tmp_path_factory.mktemp("lint") / "公文")
    (root / "外部DTD.docx").write_bytes(_external_dtd(listener.port))
    return root


@pytest.fixture(scope="module")
def linted(folder: Path, listener: Listener):
    """`docgen lint FOLDER --format json` and the table, once each; the folder (and the
    one beside it) before and after."""
    before = snapshot(folder.parent, skip=())
    with ThreadPoolExecutor(2) as pool:
        as_json, as_table = pool.map(
            lambda fmt: run(
                "lint", str(folder), "--format", fmt, case=f"lint-folder-{fmt}", check=False
            ),
            ("json", "table"),
        )
    return as_json, as_table, before, snapshot(folder.parent, skip=())


def test_folder_of_hostile_files_gives_one_finding_each(
    linted, folder: Path, listener: Listener
) -> None:
    as_json, as_table, before, after = linted
    for result in (as_json, as_table):
        assert_clean(result)
        assert result.returncode == 1, result.output[-3000:]
    report = json.loads(as_json.stdout)
    by_file: dict[str, list[dict]] = {}
    for f in report["findings"]:
        by_file.setdefault(f["file"], []).append(f)
    for name, (_, reason) in FILES.items():
        shown = str(folder / name)
        if name in NOT_LISTED:
            assert shown not in report["files"], name
            continue
        assert shown in report["files"], name
        unreadable = [f for f in by_file.get(shown, []) if f["rule"] == UNREADABLE]
        if reason is None:
            assert not unreadable, (name, unreadable)
        else:
            assert len(unreadable) == 1 and says(unreadable[0]["message"], reason), (
                name,
                by_file.get(shown),
            )
        for f in by_file.get(shown, []):
            assert CJK.search(f["message"]), f
    assert not [
        f for f in by_file.get(str(folder / "外部DTD.docx"), []) if "DTD" not in f["message"]
    ]
    assert str(folder / "正常.docx") in report["files"]
    assert any(f.endswith("深处.docx") for f in report["files"]), (
        "a file 60 folders down is checked"
    )
    assert not any("外面的文件夹" in f or "上一级" in f or "这里" in f for f in report["files"]), (
        "links followed"
    )
    assert (
        len(
            [
                f
                for f in report["files"]
                if f.endswith("通知.docx") or f.endswith(".docx") and "\ufffd" in f
            ]
        )
        >= 1
    )
    assert after == before
    assert not listener.asked(), "a DTD or an entity was fetched over the network"
    assert not Path("/tmp/docgen-zip-slip.txt").exists()


@pytest.mark.parametrize(
    "name", ["管道.docx", "设备.docx", "巨大.docx", "炸弹.docx", "外部实体.docx"]
)
def test_one_hostile_file_named_on_the_command_line(name: str, folder: Path) -> None:
    result = run("lint", str(folder / name), "--format", "json", case=f"lint-{name}")
    assert result.returncode == 1, result.output[-2000:]
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == [UNREADABLE] and says(
        findings[0]["message"], FILES[name][1]
    ), findings


def test_a_path_that_does_not_exist_is_refused(folder: Path) -> None:
    result = run(
        "lint", str(folder / "没有这个文件.docx"), str(folder / "正常.docx"), case="lint-missing"
    )
    assert_refused(result, "没有这个文件.docx")


@pytest.mark.parametrize("name", [n for n in FILES if n not in NOT_LISTED])
def test_each_file_in_process(name: str, folder: Path, listener: Listener) -> None:
    findings = lint_paths([folder / name])
    reason = (
        FILES[name][1] if name != "链到外面.docx" else None
    )  # named by itself: the user's choice
    unreadable = [f for f in findings if f.rule == UNREADABLE]
    if reason is None:
        assert not unreadable, unreadable
    else:
        assert len(unreadable) == 1 and says(unreadable[0].message, reason), findings
    assert not listener.asked()


def test_external_dtd_is_never_fetched(folder: Path, listener: Listener) -> None:
    findings = lint_paths([folder / "外部DTD.docx"])
    assert [f.rule for f in findings] == [UNREADABLE] and "DTD" in findings[0].message
    assert not listener.asked()


def test_parsers_resolve_no_entity_and_no_network(listener: Listener) -> None:
    """Beyond the DTD check: the parsers lint, render and python-docx (templates) read
    XML with, given XML that declares entities, neither expand nor fetch them."""
    from docx.opc.oxml import oxml_parser as opc
    from docx.oxml.parser import oxml_parser as oxml
    from lxml import etree

    from docgen.docx_text import PARSER as LINT
    from docgen.templating.engine import PARSER as RENDER

    xml = (
        f'<!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:{listener.port}/x">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&x;&b;</d>'
    ).encode()
    for parser in (LINT, RENDER, opc, oxml):
        try:
            root = etree.fromstring(xml, parser)
        except etree.XMLSyntaxError:
            continue
        assert "aaaaaaaaaa" not in "".join(root.itertext())
    assert not listener.asked()


def test_lint_folder_named_in_gbk(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), "公文".encode("gbk"))))
    folder.mkdir()
    (folder / "a.docx").write_bytes(good_docx())
    result = run("lint", str(folder), case="lint-gbk-folder")
    assert result.returncode == 1 and "a.docx" in result.stdout, result.output[-2000:]
