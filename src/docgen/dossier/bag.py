"""The dossier as a BagIt-style folder (RFC 8493, flat: the payload sits beside the
tag files, not under data/): bagit.txt, bag-info.txt, manifest-sha256.txt over every
payload file, and tagmanifest-sha256.txt over the three, so that a changed bag-info
is caught too. `verify` speaks BagIt's three words: missing, unexpected, changed."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

BAGIT = "bagit.txt"
INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
TAG_FILES = (BAGIT, INFO, MANIFEST, TAGMANIFEST)
BAGIT_TEXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
_LINE = re.compile(r"^([0-9a-fA-F]{64})[ \t]+(\S.*)$")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode_path(rel: str) -> str:
    """RFC 8493 §2.1.3: CR, LF and % in a path are percent-encoded."""
    return rel.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%25", "%")
    )


def manifest_text(files: dict[str, bytes]) -> str:
    return "".join(f"{sha256(files[name])}  {encode_path(name)}\n" for name in sorted(files))


def info_text(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{label}: {' '.join(str(value).split())}\n" for label, value in fields)


def tag_files(payload: dict[str, bytes], info: list[tuple[str, str]]) -> dict[str, bytes]:
    """bagit.txt, bag-info.txt (with Payload-Oxum), the manifest and the tag manifest."""
    octets = sum(len(b) for b in payload.values())
    info = [*info, ("Payload-Oxum", f"{octets}.{len(payload)}")]
    tags = {
        BAGIT: BAGIT_TEXT.encode(),
        INFO: info_text(info).encode(),
        MANIFEST: manifest_text(payload).encode(),
    }
    tags[TAGMANIFEST] = manifest_text(tags).encode()
    return tags


# ---------------------------------------------------------------- verify


@dataclass(frozen=True)
class Problem:
    """One line of a verify report. kind: missing | unexpected | changed | invalid."""

    kind: str
    path: str
    detail: str = ""


LABELS = {"missing": "缺失", "unexpected": "多余", "changed": "已改动", "invalid": "清单有误"}


def verify(folder: Path) -> list[Problem]:
    """Compare the folder with its manifests. An InputError when it is no dossier."""
    folder = Path(folder)
    _require_bag(folder)
    problems: list[Problem] = []
    tag_expected = _read_manifest(folder, TAGMANIFEST, problems, required=False)
    payload_expected = _read_manifest(folder, MANIFEST, problems, required=True)
    present = _walk(folder, problems)
    for rel, digest in sorted(tag_expected.items()):
        if rel not in TAG_FILES or rel == TAGMANIFEST:
            problems.append(
                Problem("invalid", rel, f"{TAGMANIFEST} 只应列出 {BAGIT}、{INFO} 和 {MANIFEST}")
            )
            continue
        _check(folder, rel, digest, present, problems)
    for rel, digest in sorted(payload_expected.items()):
        if rel in TAG_FILES:
            problems.append(Problem("invalid", rel, f"{MANIFEST} 不应列出标签文件"))
            continue
        _check(folder, rel, digest, present, problems)
    for rel in sorted(present):
        if rel not in payload_expected and rel not in TAG_FILES:
            problems.append(Problem("unexpected", rel, present[rel] or "清单中没有这个文件"))
    return problems


def _require_bag(folder: Path) -> None:
    try:
        is_dir = folder.is_dir() and not folder.is_symlink()
    except OSError as exc:
        raise InputError(f"无法访问 {folder}（{exc.strerror or exc}）。请检查路径。") from None
    if not is_dir:
        raise InputError(
            f"{folder} 不是申报材料文件夹（不存在或不是文件夹）。"
            "请给出 docgen dossier build 生成的文件夹，"
            "如 out/申报材料。"
        )
    for name in (BAGIT, MANIFEST):
        path = folder / name
        if path.is_symlink() or not path.is_file():
            raise InputError(
                f"{folder} 不是 docgen 生成的申报材料文件夹：缺少 {name}。"
                "请给出 docgen dossier build 生成的文件夹；如果文件被删除，请重新生成申报材料。"
            )
    text = _read_small(folder / BAGIT, 4096)
    if not text.startswith("BagIt-Version:"):
        raise InputError(
            f"{folder / BAGIT} 的内容不是 BagIt 声明（应以 BagIt-Version: 开头）。"
            "请重新生成申报材料。"
        )


def _read_small(path: Path, limit: int) -> str:
    with open(path, "rb") as fh:
        data = fh.read(limit)
    return data.decode("utf-8", "replace").lstrip("\ufeff")


def _read_manifest(
    folder: Path, name: str, problems: list[Problem], required: bool
) -> dict[str, str]:
    path = folder / name
    if path.is_symlink() or not path.is_file():
        if path.exists() or path.is_symlink() or required:
            problems.append(Problem("missing", name, "清单文件不存在或不是普通文件"))
        return {}
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        problems.append(
            Problem(
                "invalid", name, f"清单文件超过 {MAX_MANIFEST_BYTES // 1024 // 1024} MB，不予读取"
            )
        )
        return {}
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        problems.append(Problem("invalid", name, "清单不是 UTF-8 编码"))
        return {}
    out: dict[str, str] = {}
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        rel, why = _entry(line)
        if why:
            problems.append(Problem("invalid", f"{name} 第 {n} 行", why))
        elif rel in out and out[rel] != _LINE.match(line).group(1).lower():
            problems.append(Problem("invalid", f"{name} 第 {n} 行", f"{rel} 重复列出且校验值不同"))
        else:
            out[rel] = _LINE.match(line).group(1).lower()
    return out


def _entry(line: str) -> tuple[str, str | None]:
    """(path, None) or ("", why the line is not a manifest entry)."""
    m = _LINE.match(line)
    if not m:
        return "", "格式应为“64 位十六进制 SHA-256 值、空格、文件路径”"
    rel = decode_path(m.group(2).strip())
    if "\x00" in rel:
        return "", "文件路径中含有空字符"
    parts = rel.replace("\\", "/").split("/")
    if (
        rel.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", rel)
        or ".." in parts
        or "" in parts
        or "." in parts
    ):
        return "", f"文件路径 {rel[:200]} 离开了申报材料文件夹或不规范，docgen 不会读取它"
    return rel, None


def _walk(folder: Path, problems: list[Problem]) -> dict[str, str]:
    """Regular files under the folder by relative path → '' (links and special files
    are reported as unexpected with a note, never followed)."""
    out: dict[str, str] = {}
    for top, dirs, files in os.walk(
        folder,
        followlinks=False,
        onerror=lambda e: problems.append(
            Problem("invalid", str(e.filename), f"无法读取文件夹：{e.strerror}")
        ),
    ):
        base = Path(top)
        for d in list(dirs):
            if (base / d).is_symlink():
                out[_rel(folder, base / d)] = "这是一个符号链接，不是文件"
                dirs.remove(d)
        for f in files:
            path = base / f
            rel = _rel(folder, path)
            mode = os.lstat(path).st_mode
            out[rel] = "" if stat.S_ISREG(mode) else "这是符号链接或特殊文件，不是普通文件"
    return out


def _rel(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _check(
    folder: Path, rel: str, digest: str, present: dict[str, str], problems: list[Problem]
) -> None:
    if rel not in present:
        problems.append(Problem("missing", rel))
        return
    if present[rel]:
        problems.append(Problem("changed", rel, present[rel]))
        return
    actual = _hash_file(folder / rel)
    if actual != digest:
        problems.append(Problem("changed", rel, "SHA-256 与清单不符"))


def _hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()
