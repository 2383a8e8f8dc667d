"""Uploads through the desk: the hostile-input corpus (tests/hostile*.py) replayed
through the upload route, and the attacks an upload adds (zip bombs, `..` and links in
zip names, lying sizes, wrong extensions, huge files, odd names). Each is either held
for confirmation or refused with a Chinese message naming the file, never a traceback,
and the project folder is untouched until the clerk confirms."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from hostile import CASES, build_base, snapshot
from hostile_bytes import docx_bomb, docx_zip_slip, lying_zip, overlap_bomb, zip_bytes
from webkit import CJK, desk_client, error_of, pending_id, upload

from docgen.scaffold import init_project

PROJECT = "江临"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture
def desk(tmp_path: Path):
    init_project(tmp_path / "work" / PROJECT)
    client, _ = desk_client(tmp_path / "work", max_upload_mib=64)
    return client, tmp_path / "work" / PROJECT


def _slot(rel: str) -> tuple[str, str]:
    """The upload a clerk would make of a project file: (slot, archive sub-folder)."""
    for key, name in (("indicators", "指标"), ("units", "成员单位"), ("problems", "问题清单")):
        if rel.startswith("data/") and name in rel:
            return key, ""
    if rel.startswith("ledger/"):
        return "ledger", ""
    parent = os.path.dirname(rel.removeprefix("archive/")) if rel.startswith("archive/") else ""
    return "archive", parent


@pytest.fixture(scope="module")
def base_digests(tmp_path_factory) -> dict[bytes, str]:
    """The base project's files by their digests (built once for the corpus)."""
    base = snapshot(build_base(tmp_path_factory.mktemp("base")))
    return {rel: e[4] for rel, e in base.items() if e[0] == "file"}


@pytest.fixture(scope="module")
def shared_desk(tmp_path_factory):
    """One desk for the whole corpus: every upload is cancelled and checked to leave
    the project as it was."""
    work = tmp_path_factory.mktemp("corpus") / "work"
    init_project(work / PROJECT)
    client, _ = desk_client(work, max_upload_mib=64)
    return client, work / PROJECT


def _changed_files(case, tmp: Path, base: dict[bytes, str]) -> list[tuple[str, bytes]]:
    """The regular files the case adds to or changes in the base project."""
    root = build_base(tmp / "case")
    case.build(root)
    out = []
    for rel, entry in sorted(snapshot(root).items()):
        if entry[0] != "file" or base.get(rel) == entry[4]:
            continue
        name = os.fsdecode(rel).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        path = os.path.join(os.fsencode(root), rel)
        if os.path.getsize(path) <= 64 << 20:
            with open(path, "rb") as f:
                out.append((name, f.read()))
    return out


def _replayed(client, folder: Path, rel: str, data: bytes) -> None:
    slot, sub = _slot(rel)
    before = snapshot(folder)
    r = upload(client, PROJECT, slot, os.path.basename(rel), data, sub)
    assert "Traceback" not in r.text and r.status_code in (200, 400, 413), (rel, r.status_code)
    if r.status_code == 200:
        assert "确认写入" in r.text
        client.post(f"/p/{PROJECT}/upload/{pending_id(r.text)}", data={"action": "cancel"})
    else:
        assert CJK.search(error_of(r.text) or r.text), rel
    assert snapshot(folder) == before, rel


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_hostile_corpus_replayed_through_the_upload_route(
    case, shared_desk, base_digests, tmp_path
):
    client, folder = shared_desk
    files = _changed_files(case, tmp_path, base_digests)
    for rel, data in files:
        _replayed(client, folder, rel, data)


def _refused(client, folder: Path, slot: str, name: str, data: bytes, *words: str) -> str:
    before = snapshot(folder)
    r = upload(client, PROJECT, slot, name, data)
    message = error_of(r.text)
    assert r.status_code == 400, (name, r.status_code, r.text[:300])
    for w in words:
        assert w in message, (name, message)
    assert snapshot(folder) == before
    return message


def _zip_with_link() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("2026/链接.pdf")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("炸弹.docx", lambda: docx_bomb(), ("炸弹.docx", "压缩炸弹")),
        ("重叠.docx", lambda: overlap_bomb(), ("重叠.docx", "压缩炸弹")),
        ("谎报.docx", lambda: lying_zip(), ("谎报.docx",)),
        ("穿越.docx", docx_zip_slip, ("穿越.docx", "压缩包以外")),
        ("归档.zip", lambda: zip_bytes([("../../逃出.pdf", PDF)]), ("逃出.pdf", "压缩包以外")),
        ("绝对.zip", lambda: zip_bytes([("/etc/cron.d/x.pdf", PDF)]), ("压缩包以外",)),
        ("链接.zip", _zip_with_link, ("链接.pdf", "符号链接")),
        ("空.pdf", lambda: b"", ("空文件",)),
        ("坏.zip", lambda: b"PK\x03\x04" + b"\x00" * 100, ("坏.zip", "ZIP")),
        ("包中炸弹.zip", lambda: zip_bytes([("2026/a.docx", docx_bomb())], 0), ("a.docx", "炸弹")),
    ],
)
def test_hostile_archive_uploads_are_refused_by_content(desk, name, make, words):
    client, folder = desk
    _refused(client, folder, "archive", name, make(), *words)
    assert not Path("/tmp/逃出.pdf").exists()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("扫描件.pdf", JPEG, "扩展名为 .pdf，但文件实际是 JPEG 图片"),
        ("通知.docx", PDF, "扩展名为 .docx，但文件实际是 PDF 文件"),
    ],
)
def test_a_filed_file_of_another_kind_is_taken_with_a_note_for_the_audit(desk, name, data, said):
    client, folder = desk
    r = upload(client, PROJECT, "archive", name, data)
    assert r.status_code == 200 and f"{said}：可以写入，审核时会列为问题" in r.text
    client.post(f"/p/{PROJECT}/upload/{pending_id(r.text)}", data={"action": "confirm"})
    assert (folder / "archive" / name).read_bytes() == data


def test_a_workbook_slot_takes_only_a_workbook(desk):
    client, folder = desk
    _refused(client, folder, "ledger", "目录.xlsx", PDF, "目录.xlsx", "不是 Excel 工作簿")
    _refused(client, folder, "units", "单位.pdf", PDF, "不是 Excel 工作簿")
    fake = zip_bytes([("word/document.xml", b"<x/>")])
    _refused(client, folder, "problems", "问题.xlsx", fake, "问题.xlsx", "Word .docx")


@pytest.mark.parametrize("name", [".hidden.pdf", "问号?.pdf", "..", "x" * 300])
def test_odd_file_names_are_refused(desk, name):
    client, folder = desk
    _refused(client, folder, "archive", name, PDF, "未保存")


def test_control_characters_in_a_name_are_refused():
    from docgen.errors import InputError
    from docgen.web.uploads import clean_name

    for name in ("a\x01b.pdf", "a\nb.pdf", "a\x7fb.pdf"):
        with pytest.raises(InputError, match="不能用"):
            clean_name(name)
    assert clean_name("D:\\资料\\通知.pdf") == "通知.pdf"


def test_a_browser_path_in_the_name_keeps_only_the_name(desk):
    client, folder = desk
    r = upload(client, PROJECT, "archive", "C:\\Users\\办公室\\..\\通知.pdf", PDF)
    assert "archive/通知.pdf" in r.text
    client.post(f"/p/{PROJECT}/upload/{pending_id(r.text)}", data={"action": "confirm"})
    assert (folder / "archive" / "通知.pdf").read_bytes() == PDF


def test_a_file_over_the_limit_is_refused(tmp_path):
    init_project(tmp_path / "work" / PROJECT)
    client, _ = desk_client(tmp_path / "work", max_upload_mib=1)
    folder = tmp_path / "work" / PROJECT
    before = snapshot(folder)
    big = PDF + b"0" * (3 << 20)
    r = upload(client, PROJECT, "archive", "大文件.pdf", big)
    assert r.status_code == 413 and "1 MiB" in r.text
    just_over = PDF + b"0" * ((1 << 20) + 1000)
    r = upload(client, PROJECT, "archive", "稍大.pdf", just_over)
    assert r.status_code == 400 and "超过 1 MiB" in error_of(r.text)
    assert snapshot(folder) == before


def test_a_zip_of_archive_files_with_gbk_names_lands_below_the_archive(desk):
    client, folder = desk
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("2026/XXXX.pdf", PDF)
        zf.writestr("2026/01/总结.pdf", PDF)
    # GBK bytes and no UTF-8 flag, as a Chinese Windows PC zips
    data = buf.getvalue().replace(b"2026/XXXX.pdf", "2026/通知.pdf".encode("gbk"))
    r = upload(client, PROJECT, "archive", "台账.zip", data)
    assert "archive/2026/通知.pdf" in r.text and "archive/2026/01/总结.pdf" in r.text
    client.post(f"/p/{PROJECT}/upload/{pending_id(r.text)}", data={"action": "confirm"})
    assert (folder / "archive" / "2026" / "通知.pdf").read_bytes() == PDF
    assert (folder / "archive" / "2026" / "01" / "总结.pdf").is_file()
