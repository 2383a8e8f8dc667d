"""`--pdf`: .docx → .pdf with LibreOffice headless, beside the .docx.

LibreOffice runs with a private, throw-away profile (so that a desktop LibreOffice
left open, or a locked profile, does not block it) and a time limit. It needs
Chinese fonts, or the PDF shows boxes: both are checked before any work.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..output import check_target, write_bytes
from ..workers import lifeline
from .staging import scratch

INSTALL = (
    "在 Debian/Ubuntu 上可以这样安装：sudo apt-get install "
    "-y libreoffice-writer-nogui fonts-noto-cjk"
    "（中文字体也可以用 fonts-arphic-ukai、fonts-arphic-uming 或 fonts-wqy-zenhei）；"
    "安装后重新运行本命令即可。"
)
SERIF = ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei")
SANS = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN")
KAI = ("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei")
FACES = {  # the faces the templates name → installed fonts, best first
    "仿宋": ("FangSong", *SERIF),
    "仿宋_GB2312": ("FangSong_GB2312", *SERIF),
    "宋体": ("SimSun", *SERIF),
    "方正小标宋简体": SERIF,
    "黑体": ("SimHei", *SANS),
    "楷体": ("KaiTi", *KAI),
    "楷体_GB2312": ("KaiTi_GB2312", *KAI),
}
SECONDS_BASE = 120
SECONDS_PER_FILE = 20


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_soffice() -> str:
    """The LibreOffice program, or an InputError saying how to install it."""
    found = soffice_path()
    if found is None:
        raise InputError(
            f"--pdf 需要 LibreOffice 来把 Word 文档转换为 PDF，但本机没有安装。{INSTALL}"
        )
    _check_fonts()
    return found


def _check_fonts() -> None:
    """Refuse when fontconfig knows no Chinese font (the PDF would show boxes)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return  # not a fontconfig system: LibreOffice finds fonts its own way
    try:
        done = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return
    if done.returncode == 0 and not done.stdout.strip():
        raise InputError(
            f"--pdf 需要中文字体，否则 PDF 中的汉字会显示为方框，但本机没有安装中文字体。{INSTALL}"
        )


def to_pdf(
    docx_files: list[Path], force: bool, project_root: Path | None = None, project=None
) -> list[Path]:
    """Convert the files in one LibreOffice run; each PDF is written beside its .docx
    (never over an existing file without `force`). Returns the PDF paths."""
    soffice = find_soffice()
    targets = [p.with_suffix(".pdf") for p in docx_files]
    for t in targets:
        check_target(t, force, project_root=project_root, project=project)
    with scratch(project_root, "docgen-pdf-") as work:
        copies = [_lo_copy(p, work / "in") for p in docx_files]
        _convert(soffice, copies, work)
        for src, target in zip(docx_files, targets, strict=True):
            made = work / "out" / f"{src.stem}.pdf"
            if not made.is_file():
                raise InputError(
                    f"LibreOffice 没有把 {src} 转换为 PDF。请用 "
                    "Word 或 WPS 打开该文件检查，或另存为 PDF。"
                )
            write_bytes(
                target, made.read_bytes(), force=force, project_root=project_root, project=project
            )
    return targets


def convert_docx(
    docs: dict[str, bytes],
    root: Path | None,
    prefix: str,
    unmade: Callable[[str], str],
    to: str = "pdf",
) -> dict[str, bytes]:
    """.docx bytes by file stem → PDF bytes, in one LibreOffice run under the project's
    out/.tmp (`root`); `to` is the export filter. A document LibreOffice did not convert
    is an InputError with the sentence `unmade(stem)`."""
    program = find_soffice()
    with scratch(root, prefix) as work:
        (work / "src").mkdir()
        copies = []
        for stem, data in docs.items():
            path = work / "src" / f"{stem}.docx"
            path.write_bytes(data)
            copies.append(_lo_copy(path, work / "in"))
        _convert(program, copies, work, to=to)
        out = {}
        for stem in docs:
            made = work / "out" / f"{stem}.pdf"
            if not made.is_file():
                raise InputError(unmade(stem))
            out[stem] = made.read_bytes()
        return out


def _lo_copy(path: Path, folder: Path) -> Path:
    """The file as it is, in LibreOffice's work folder: the PDF shows what a clerk who
    opens the .docx sees (the templates' grid lays out at 28 × 22 in LibreOffice too)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def _fonts_conf(work: Path) -> Path:
    """The system's fontconfig plus the 公文 faces mapped to installed CJK fonts."""
    aliases = "".join(
        f'<alias binding="same"><family>{face}</family><prefer>'
        + "".join(f"<family>{f}</family>" for f in prefer)
        + "</prefer></alias>"
        for face, prefer in FACES.items()
    )
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return conf


def _convert(soffice: str, files: list[Path], work: Path, to: str = "pdf") -> None:
    """Convert `files` into work/out as `to` ("pdf", or "docx" for `docgen lint`'s .doc
    and .wps); InputError when LibreOffice fails or overruns its time limit."""
    what = to.upper()
    profile = (work / "profile").resolve().as_uri()
    cmd = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(work / "out"),
        *(str(f.resolve()) for f in files),
    ]
    limit = SECONDS_BASE + SECONDS_PER_FILE * len(files)
    try:
        (work / "tmp").mkdir(exist_ok=True)  # LibreOffice's own temporary files, swept with work
        env = {
            **os.environ,
            "FONTCONFIG_FILE": str(_fonts_conf(work)),
            "TMPDIR": str((work / "tmp").resolve()),
        }
        done = lifeline.run_tied(  # LibreOffice must not outlive a killed docgen
            cmd,
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=limit,
            cwd=work,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"LibreOffice 在 {limit} 秒内没有完成 {what} 转换，已停止。"
            "请关闭其他 LibreOffice 窗口后重试。"
        ) from None
    except OSError as exc:
        raise InputError(
            f"无法启动 LibreOffice（{soffice}）：{exc.strerror or exc}。{INSTALL}"
        ) from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or [""]
        raise InputError(
            f"LibreOffice 转换 {what} 失败（退出码 {done.returncode}："
            f"{tail[0][:200]}）。请检查文件后重试。"
        )
