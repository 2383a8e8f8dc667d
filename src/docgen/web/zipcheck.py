"""A zip the desk is handed (an archive zip, or the package inside a .docx/.xlsx) is
looked at before anything is written: a bomb (members that inflate hundreds of times,
overlapping entries, sizes the headers lie about), names leaving the folder (`..`, an
absolute path, a drive), links and encrypted members are refused with a message."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from ..errors import InputError

MAX_MEMBERS = 20_000
MAX_UNPACKED = 2 << 30  # bytes, all members together
BOMB_RATIO = 100  # a member over BOMB_SIZE that inflates more than this is a bomb
BOMB_SIZE = 16 << 20
CHUNK = 1 << 20


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as the clerk's PC wrote it: zips made on Chinese Windows
    store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def checked_members(path: Path, shown: str) -> list[tuple[zipfile.ZipInfo, str]]:
    """The file members of the zip at `path` with their names, once the whole zip has
    been checked; InputError naming `shown` otherwise."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(infos, path.stat().st_size, shown)
            out = []
            for info in infos:
                name = member_name(info)
                _check_member(info, name, shown)
                if not info.is_dir():
                    _read_through(zf, info, name, shown)
                    out.append((info, name))
            return out
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise InputError(
            f"{shown} 不是完整有效的 ZIP 压缩包（{type(exc).__name__}），未保存。"
            "请重新压缩后再上传。"
        ) from None
    except NotImplementedError:
        raise InputError(
            f"{shown} 用了不支持的压缩方式，未保存。请用普通 ZIP 格式重新压缩。"
        ) from None


def _check_sizes(infos: list[zipfile.ZipInfo], size: int, shown: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{shown} 中有 {len(infos)} 个文件，超过 {MAX_MEMBERS} 个，未保存。")
    if sum(i.compress_size for i in infos) > size:
        raise InputError(
            f"{shown} 的目录与内容不符（多个条目共用同一段数据，是构造的压缩炸弹），未保存。"
        )
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputError(
            f"{shown} 解压后超过 {MAX_UNPACKED >> 30} GiB（可能是压缩炸弹），未保存。"
            "请分成几个压缩包上传。"
        )
    for i in infos:
        if i.file_size > BOMB_SIZE and i.file_size > BOMB_RATIO * max(i.compress_size, 1):
            raise InputError(
                f"{shown} 中的 {member_name(i)} 压缩比异常（解压后 {i.file_size >> 20} MiB），"
                "可能是压缩炸弹，未保存。"
            )


def _check_member(info: zipfile.ZipInfo, name: str, shown: str) -> None:
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        raise InputError(f"{shown} 中的 {name} 指向压缩包以外的位置（含 .. 或绝对路径），未保存。")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError(f"{shown} 中的 {name} 是符号链接，docgen 不接收链接，未保存。")
    if info.flag_bits & 0x1:
        raise InputError(f"{shown} 中的 {name} 设有密码，未保存。请解除密码后重新压缩。")


def _read_through(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, shown: str) -> None:
    """Inflate the member (and drop it): a size the headers lie about ends in a CRC
    error here, not on disk."""
    left = info.file_size + 1
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            left -= len(chunk)
            if left <= 0:
                raise InputError(f"{shown} 中的 {name} 实际大小与压缩包记录的不符，未保存。")


def extract(path: Path, members: list[tuple[zipfile.ZipInfo, str]], folder: Path) -> list[str]:
    """Write the checked members below `folder`; their relative paths."""
    written = []
    with zipfile.ZipFile(path) as zf:
        for info, name in members:
            rel = PurePosixPath(name.replace("\\", "/"))
            target = folder.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "xb") as dst:
                while chunk := src.read(CHUNK):
                    dst.write(chunk)
            written.append(rel.as_posix())
    return written
