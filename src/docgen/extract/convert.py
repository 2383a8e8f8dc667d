""".doc and .wps files, converted to .docx by LibreOffice headless so their text can
be read like any Word file; the converted files are kept by content (sha256) under
the cache folder (out/.cache/converted/<sha256>.docx), so each file is converted once.

All files still to convert go to one LibreOffice run (a private throw-away profile,
a time limit, tied to docgen's life); a file LibreOffice did not convert is left out
of the result and so read as unread.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..workers import lifeline

FOLDER = "converted"
SECONDS_BASE = 120
SECONDS_PER_FILE = 20


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> str | None:
    """None when LibreOffice can convert here; else why not."""
    return None if soffice_path() else "未安装 LibreOffice"


def converted(files: dict[str, str], cache_dir: Path | None) -> tuple[dict[str, str], str | None]:
    """The .docx of each file (sha256 → path of the .doc/.wps): sha256 → path of its
    converted .docx; and why the conversion failed as a whole, when it did."""
    soffice = soffice_path()
    if soffice is None or not files:
        return {}, None
    keep = Path(cache_dir) / FOLDER if cache_dir is not None else None
    out = {
        sha: str(keep / f"{sha}.docx") for sha in files if keep and (keep / f"{sha}.docx").is_file()
    }
    todo = {sha: path for sha, path in files.items() if sha not in out}
    if not todo:
        return out, None
    with tempfile.TemporaryDirectory(prefix="docgen-convert-") as tmp:
        work = Path(tmp)
        why = _run(soffice, todo, work)
        made = {sha: work / "out" / f"{sha}.docx" for sha in todo}
        made = {sha: p for sha, p in made.items() if p.is_file()}
        for sha, p in made.items():
            out[sha] = _keep(p, keep, sha) if keep is not None else None
        if keep is None:  # no cache folder: read them from a folder that outlives this one
            spare = Path(tempfile.mkdtemp(prefix="docgen-converted-"))
            for sha, p in made.items():
                out[sha] = str(shutil.copy(p, spare / p.name))
    return {sha: p for sha, p in out.items() if p}, why


def _keep(made: Path, keep: Path, sha: str) -> str | None:
    try:
        keep.mkdir(parents=True, exist_ok=True)
        tmp = keep / f".{sha}.{os.getpid()}.tmp"
        shutil.copyfile(made, tmp)
        os.replace(tmp, keep / f"{sha}.docx")
        return str(keep / f"{sha}.docx")
    except OSError:
        return None


def _run(soffice: str, todo: dict[str, str], work: Path) -> str | None:
    """Convert every file (copied in as <sha256>.<ext>) into work/out; why not, or None."""
    src = work / "in"
    src.mkdir()
    inputs = []
    for sha, path in todo.items():
        ext = Path(path).suffix.lower() or ".doc"
        try:
            inputs.append(str(shutil.copyfile(path, src / f"{sha}{ext}")))
        except OSError:
            continue
    (work / "tmp").mkdir()
    cmd = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work / "out"),
        *inputs,
    ]
    limit = SECONDS_BASE + SECONDS_PER_FILE * len(inputs)
    env = {**os.environ, "TMPDIR": str((work / "tmp").resolve())}
    try:
        done = lifeline.run_tied(
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
        return f"LibreOffice 在 {limit} 秒内没有完成转换"
    except OSError as exc:
        return f"无法启动 LibreOffice：{exc.strerror or exc}"
    if done.returncode != 0:
        return f"LibreOffice 转换失败（退出码 {done.returncode}）"
    return None
