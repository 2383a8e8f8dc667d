"""`docgen dossier verify` (and a few `dossier build` refusals) against hostile dossier
folders, through the CLI: manifest lines with `..`, absolute paths, NUL, wrong hash
lengths, duplicates, CRLF, a BOM, bytes that are not UTF-8; a payload file claiming
1 GiB (sparse); links inside the dossier leading out of it; a manifest that is a folder,
a pipe, or 100,000 lines long; a PATH that is no dossier at all.

Verify must exit 0 (intact), 1 (missing / unexpected / changed / invalid lines) or 2 (not
a dossier, with a Chinese message naming it); never a traceback; bounded time and
memory; the dossier and the folder beside it byte-identical afterwards; and it must
never follow a manifest path or a link out of the dossier, nor open a file outside
it — a named pipe waits at every such place, and opening one would hang the command
past its time limit.

The module is skipped until `docgen dossier --help` works: it runs by itself once the
dossier command lands.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    CJK,
    THREADS,
    Run,
    assert_clean,
    link,
    mkfifo,
    raw_name,
    register_summary,
    run,
    snapshot,
)


def _dossier_command() -> bool:
    """`docgen dossier --help` would work: the command is there and imports."""
    from docgen.cli import main

    try:
        import docgen.dossier  # noqa: F401
    except ImportError:
        return False
    return "dossier" in main.commands


pytestmark = pytest.mark.skipif(not _dossier_command(), reason="docgen dossier is not there yet")

PAYLOAD = {
    "01-申请报告.docx": b"PK\x03\x04 application",
    "证明材料/02-会议纪要.pdf": b"%PDF-1.7 minutes %%EOF",
    "目录.xlsx": b"PK\x03\x04 contents",
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_bag(folder: Path, payload: dict[str, bytes] = PAYLOAD) -> Path:
    """A BagIt folder as `docgen dossier build` writes one (flat: payload beside the tags)."""
    folder.mkdir(parents=True)
    for name, data in payload.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    tags = {
        "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.tx"
        "t": f"Payload-Oxum: {sum(map(len, payload.values()))}.{len(payload)}\n".encode(),
        "manifest-sha256.txt": manifest(payload).encode(),
    }
    tags["tagmanifest-sha256.txt"] = manifest(tags).encode()
    for name, data in tags.items():
        (folder / name).write_bytes(data)
    return folder


def manifest(files: dict[str, bytes]) -> str:
    return "".join(f"{sha(data)}  {name}\n" for name, data in sorted(files.items()))


def _lines(*extra: str) -> Callable[[Path], None]:
    """Add `extra` lines to manifest-sha256.txt ({home}: the folder the bag is in)."""

    def build(bag: Path) -> None:
        path = bag / "manifest-sha256.txt"
        text = "".join(line.replace("{home}", str(bag.parent)) + "\n" for line in extra)
        path.write_bytes(path.read_bytes() + text.encode("utf-8"))

    return build


def _raw_manifest(make: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def build(bag: Path) -> None:
        path = bag / "manifest-sha256.txt"
        path.write_bytes(make(path.read_bytes()))

    return build


FAKE = "0" * 64


def _sparse_payload(bag: Path) -> None:
    with open(bag / "01-申请报告.docx", "r+b") as f:
        f.truncate(1 << 30)  # claims 1 GiB, holds none: hashing reads it through


def _link_out(bag: Path) -> None:
    target = bag.parent / "外面" / "管道"
    (bag / "01-申请报告.docx").unlink()
    link(target, bag / "01-申请报告.docx")
    link(bag.parent / "外面", bag / "证明材料" / "外面的文件夹")


def _manifest_is(kind: str) -> Callable[[Path], None]:
    def build(bag: Path) -> None:
        path = bag / "manifest-sha256.txt"
        path.unlink()
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            mkfifo(path)
        elif kind == "link-out":
            link(bag.parent / "外面" / "管道", path)
        elif kind == "dev-zero":
            link("/dev/zero", path)

    return build


def _huge_manifest(bag: Path) -> None:
    lines = "".join(f"{FAKE}  材料/{i:06d}.pdf\n" for i in range(100_000))
    (bag / "manifest-sha256.txt").write_text(lines, encoding="utf-8")


def _sparse_manifest(bag: Path) -> None:
    with open(bag / "manifest-sha256.txt", "r+b") as f:
        f.truncate(200 << 20)


def _payload_fifo(bag: Path) -> None:
    (bag / "目录.xlsx").unlink()
    mkfifo(bag / "目录.xlsx")


def _gbk_payload(bag: Path) -> None:
    raw_name(bag, "附件".encode("gbk") + b".pdf", b"%PDF-1.7 %%EOF")


def _link_loops(bag: Path) -> None:
    link("..", bag / "证明材料" / "上一级")
    link("loop", bag / "loop")


def _changed_and_extra(bag: Path) -> None:
    (bag / "目录.xlsx").write_bytes(b"PK\x03\x04 changed")
    (bag / "多出来的.docx").write_bytes(b"extra")
    (bag / "证明材料" / "02-会议纪要.pdf").unlink()


@dataclass
class VerifyCase:
    id: str
    build: Callable[[Path], Any]
    status: int | tuple[int, ...] = 1
    says: str | None = None  # in the output (stdout + stderr)
    path: str = "{bag}"  # what to verify


CASES = [
    VerifyCase("intact", lambda bag: None, 0, "核验通过"),
    VerifyCase("changed-missing-unexpected", _changed_and_extra, 1, "已改动"),
    VerifyCase(
        "lines-leaving-the-folder",
        _lines(
            f"{FAKE}  ../外面/管道",
            f"{FAKE}  证明材料/../../外面/管道",
            f"{FAKE}  {{home}}/外面/管道",
            f"{FAKE}  /etc/passwd",
            f"{FAKE}  C:\\Windows\\win.ini",
            f"{FAKE}  ..\\外面\\管道",
            f"{FAKE}  证明材料\\..\\..\\外面\\管道",
            f"{FAKE}  %2e%2e/外面/管道",
            f"{FAKE}  ..%2F外面%2F管道",
            f"{FAKE}  %0A../外面/管道",
            f"{FAKE}  01-申请报告.docx\x00../../外面/管道",
        ),
        1,
        "清单有误",
    ),
    VerifyCase(
        "malformed-lines",
        _lines(
            "abc  01-申请报告.docx",
            f"{FAKE}0  目录.xlsx",
            "g" * 64 + "  x.pdf",
            f"{FAKE}",
            "  ",
            f"{FAKE}\t\t证明材料/02-会议纪要.pdf",
        ),
        1,
        "清单有误",
    ),
    VerifyCase(
        "duplicates", _lines(f"{sha(PAYLOAD['目录.xlsx'])}  目录.xlsx", f"{FAKE}  目录.xlsx"), 1
    ),
    VerifyCase("crlf", _raw_manifest(lambda raw: raw.replace(b"\n", b"\r\n")), (0, 1)),
    VerifyCase("bom", _raw_manifest(lambda raw: b"\xef\xbb\xbf" + raw), (0, 1)),
    VerifyCase(
        "not-utf8",
        _raw_manifest(lambda raw: raw + f"{FAKE}  ".encode() + "附件.pdf".encode("gbk") + b"\n"),
        (1, 2),
    ),
    VerifyCase("one-8mib-line", _lines("a" * (8 << 20)), (1, 2)),
    VerifyCase("sparse-1gib-payload", _sparse_payload, 1, "已改动"),
    VerifyCase("links-leading-out", _link_out, 1),
    VerifyCase("payload-is-a-pipe", _payload_fifo, 1),
    VerifyCase("link-loops", _link_loops, 1),
    VerifyCase("gbk-payload-name", _gbk_payload, 1, "多余"),
    VerifyCase("manifest-100k-lines", _huge_manifest, 1, "缺失"),
    VerifyCase("manifest-200mib-sparse", _sparse_manifest, (1, 2)),
    VerifyCase("manifest-is-a-folder", _manifest_is("folder"), (1, 2), "manifest-sha256.txt"),
    VerifyCase("manifest-is-a-pipe", _manifest_is("fifo"), (1, 2), "manifest-sha256.txt"),
    VerifyCase("manifest-links-out", _manifest_is("link-out"), (1, 2), "manifest-sha256.txt"),
    VerifyCase(
        "tagmanifest-dot-dot",
        lambda bag: (bag / "tagmanifest-sha256.txt").write_text(
            f"{FAKE}  ../外面/管道\n", encoding="utf-8"
        ),
        1,
    ),
    VerifyCase("bagit-missing", lambda bag: (bag / "bagit.txt").unlink(), 2, "bagit.txt"),
    VerifyCase("bagit-is-a-pipe", lambda bag: mkfifo(bag / "bagit.txt"), 2, "bagit.txt"),
    VerifyCase("not-a-dossier", lambda bag: None, 2, "外面", path="{home}/外面"),
    VerifyCase("a-file", lambda bag: None, 2, "bag-info.txt", path="{bag}/bag-info.txt"),
    VerifyCase("a-pipe", lambda bag: None, 2, "管道", path="{home}/外面/管道"),
    VerifyCase("missing", lambda bag: None, 2, "没有", path="{home}/没有"),
]
assert len({c.id for c in CASES}) == len(CASES)


@dataclass
class Outcome:
    run: Run | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    error: BaseException | None = None


@pytest.fixture(scope="module", autouse=True)
def _stats(request, tmp_path_factory):
    register_summary(request.config, tmp_path_factory.getbasetemp())


def play(case: VerifyCase, home: Path) -> Outcome:
    """home/申报材料 (the bag) and home/外面 with a pipe (管道) nothing may open."""
    outcome = Outcome()
    try:
        (home / "外面").mkdir()
        mkfifo(home / "外面" / "管道")
        bag = build_bag(home / "申报材料")
        case.build(bag)
        outcome.before = snapshot(home, skip=())
        path = case.path.replace("{bag}", str(bag)).replace("{home}", str(home))
        outcome.run = run(
            "dossier", "verify", path, case=f"verify-{case.id}", check=False, cwd=home
        )
    except BaseException as e:  # noqa: BLE001 - reported by the case's own test
        outcome.error = e
    finally:
        outcome.after = snapshot(home, skip=())
    return outcome


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Outcome]:
    wanted = {
        item.callspec.params["case"].id
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_verify" and hasattr(item, "callspec")
    }
    cases = [c for c in CASES if c.id in wanted]
    homes = {c.id: tmp_path_factory.mktemp(f"verify-{c.id}") for c in cases}
    with ThreadPoolExecutor(THREADS) as pool:
        return dict(zip([c.id for c in cases], pool.map(lambda c: play(c, homes[c.id]), cases)))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_verify(case: VerifyCase, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.id]
    if outcome.error is not None:
        raise outcome.error
    result = outcome.run
    assert_clean(result)
    allowed = case.status if isinstance(case.status, tuple) else (case.status,)
    assert result.returncode in allowed, result.output[-3000:]
    assert CJK.search(result.output), result.output
    if result.returncode == 2:
        assert result.stderr.strip(), result.output
    if case.says:
        assert case.says in result.output, result.output[-3000:]
    assert "/etc/passwd" not in result.output or "清单有误" in result.output
    changed = sorted(set(outcome.after.items()) ^ set(outcome.before.items()))
    assert outcome.after == outcome.before, changed[:10]


# ---------------------------------------------------------------- dossier build refusals


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    from hostile import build_base

    return build_base(tmp_path_factory.mktemp("dossier-build") / "项目")


@pytest.mark.parametrize(
    "name, output, refuse",
    [
        ("into-archive", "{root}/archive/申报材料", "archive"),
        ("into-ledger", "{root}/ledger", "ledger"),
        ("onto-a-file", "{root}/docgen.yaml", "docgen.yaml"),
    ],
)
def test_build_never_writes_into_the_input(
    name: str, output: str, refuse: str, project: Path, tmp_path: Path
) -> None:
    root = tmp_path / "项目"
    shutil.copytree(project, root, symlinks=True)
    before = snapshot(tmp_path, skip=("项目/out",))
    result = run(
        "dossier",
        "build",
        str(root),
        "-o",
        output.replace("{root}", str(root)),
        "--force",
        "--no-pdf",
        case=f"build-{name}",
        check=False,
    )
    assert_clean(result)
    assert result.returncode in (1, 2), result.output[-3000:]
    assert refuse in result.stderr or result.returncode == 1, result.output[-3000:]
    assert snapshot(tmp_path, skip=("项目/out",)) == before
