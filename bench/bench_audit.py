"""Audit benchmark: a project of 100,000 ledger rows and 20,000 files (mostly small PDFs).

Prints, for a cold and a warm audit: wall time, rows/s, files/s and peak memory,
beside the floor on this machine = time to read the workbook with the fastest reader
+ count every PDF's pages with pypdfium2 + hash every byte.

    .venv/bin/python bench/bench_audit.py [--rows 100000] [--files 20000] [--dir bench/_data]

Targets (issue 2): cold ≤ 2 × floor, warm ≤ 0.3 × cold, peak memory < 1 GiB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from projectkit import HEADER  # the test kit's ledger header: bench/ sits beside tests/

SECTIONS = ["01", "02", "03", "04", "05", "06", "07"]
ITEMS = {
    "01": ["1.1", "1.2", "1.3"],
    "02": ["2.1", "2.2"],
    "03": ["3.1", "3.2", "3.3"],
    "04": ["4.1"],
    "05": ["5.1"],
    "06": ["6.1"],
    "07": ["7.1", "7.5"],
}
KINDS = ["文件", "计划", "总结", "会议纪要", "检查记录", "监测报告", "报表"]


def tiny_pdf(pages: int, label: str) -> bytes:
    """A small valid PDF with `pages` pages, written by hand (reportlab is too slow for 20,000)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    for i in range(pages):
        objs.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 "
            f"842] /Contents {4 + 2 * i} 0 R >>".encode()
        )
        stream = f"BT /F1 12 Tf 72 770 Td ({label} p{i + 1}) Tj ET".encode()
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def generate(root: Path, rows: int, files: int, seed: int = 7) -> None:
    import openpyxl

    rnd = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "ledger").mkdir(parents=True)
    (root / "archive").mkdir()
    (root / "docgen.yaml").write_text(
        "city: {name: 基准市, level: city, fonds: J012}\nguide:"
        " national-city-2021\nyears: [2024, 2025, 2026]\n",
        encoding="utf-8",
    )
    wb = openpyxl.Workbook(write_only=True)
    counters: dict[tuple, int] = {}
    sheets = {y: wb.create_sheet(str(y)) for y in (2024, 2025, 2026)}
    for ws in sheets.values():
        ws.append(HEADER)
    for i in range(rows):
        year = 2024 + i % 3
        section = SECTIONS[i % len(SECTIONS)]
        key = (year, section)
        counters[key] = counters.get(key, 0) + 1
        code = f"J012-{year}-D30-{section}-{counters[key]:04d}"
        pages = rnd.randint(1, 5)
        date = f"{year}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        rel = None
        if i < files:
            rel = f"{year}/{section}/{code}.pdf"
            path = root / "archive" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(tiny_pdf(pages, code))
        sheets[year].append(
            [
                code,
                "基准市爱国卫生运动委员会办公室",
                f"基爱卫办〔{year}〕{i // 3 + 1}号",
                f"基准市创卫工作资料第{i}号",
                date,
                pages,
                "定期30年",
                rnd.choice(ITEMS[section]),
                rnd.choice(KINDS),
                rel,
                None if rel else "纸质",
            ]
        )
    wb.save(root / "ledger" / "归档文件目录.xlsx")


def floor(root: Path) -> dict[str, float]:
    import pypdfium2 as pdfium
    import python_calamine as pc

    t0 = time.perf_counter()
    wb = pc.CalamineWorkbook.from_path(str(root / "ledger" / "归档文件目录.xlsx"))
    n = sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)
    t1 = time.perf_counter()
    pdfs = sorted((root / "archive").rglob("*.pdf"))
    pages = 0
    for p in pdfs:
        doc = pdfium.PdfDocument(str(p))
        pages += len(doc)
        doc.close()
    t2 = time.perf_counter()
    for p in pdfs:
        hashlib.sha256(p.read_bytes()).hexdigest()
    t3 = time.perf_counter()
    return {
        "read": t1 - t0,
        "pages": t2 - t1,
        "hash": t3 - t2,
        "total": t3 - t0,
        "rows": n,
        "pdfs": len(pdfs),
        "pages_total": pages,
    }


AUDIT_RULES = "ledger,file,completeness"  # the archive audit (issue 2), no text extraction


def audit(root: Path, out: Path, rules: str | None = AUDIT_RULES) -> tuple[float, float]:
    """Wall time and peak RSS (MiB, largest process) of one `docgen audit` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    extra = ["--rules", rules] if rules else []
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen",
            "audit",
            str(root),
            "--format",
            "json",
            "-o",
            str(out),
            "--force",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"audit failed ({proc.returncode}): {proc.stderr}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=20_000)
    ap.add_argument("--dir", type=Path, default=Path(__file__).parent / "_data")
    ap.add_argument("--keep", action="store_true", help="reuse generated data if present")
    ap.add_argument(
        "--with-text", action="store_true", help="also time the full audit with text extraction"
    )
    args = ap.parse_args()
    root = args.dir / f"project-{args.rows}-{args.files}"
    if not (args.keep and (root / "docgen.yaml").exists()):
        t = time.perf_counter()
        generate(root, args.rows, args.files)
        print(f"generated {args.rows} rows, {args.files} files in {time.perf_counter() - t:.1f} s")
    shutil.rmtree(root / "out", ignore_errors=True)
    os.sync()
    # best of two: the first pass also brings the files into the OS page cache, which
    # the audits below then enjoy too ("cold" means docgen's own caches are empty)
    f = min(floor(root), floor(root), key=lambda r: r["total"])
    print(
        f"floor: read {f['read']:.2f} s + pages {f['pages']:.2f} "
        f"s + hash {f['hash']:.2f} s = {f['total']:.2f} s"
    )
    cold, cold_mem = audit(root, args.dir / "cold.json")
    warm, warm_mem = audit(root, args.dir / "warm.json")
    same = (args.dir / "cold.json").read_bytes() == (args.dir / "warm.json").read_bytes()
    for name, wall, mem in (("cold", cold, cold_mem), ("warm", warm, warm_mem)):
        print(
            f"{name}: {wall:.2f} s, {args.rows / wall:,.0f} rows/s,"
            f" {args.files / wall:,.0f} files/s, "
            f"peak {mem:.0f} MiB"
        )
    print(
        f"cold/floor = {cold / f['total']:.2f} (target ≤ 2.0)"
        f"; warm/cold = {warm / cold:.2f} (target ≤ 0.3); "
        f"peak {max(cold_mem, warm_mem):.0f} MiB (target < 1024)"
        f"; cold and warm reports identical: {same}"
    )
    if args.with_text:
        with_text(root, args.dir, cold, f["pages_total"])


def with_text(root: Path, out: Path, plain: float, pages: int) -> None:
    """The full audit, data checks included: every filed PDF's text is read for the
    figures it states (cached by content hash). Run after the plain audit, so the
    inspection cache is warm and the difference is the text extraction."""
    shutil.rmtree(root / "out" / ".cache" / "extract.sqlite", ignore_errors=True)
    (root / "out" / ".cache" / "extract.sqlite").unlink(missing_ok=True)
    (root / "out" / ".cache" / "audit-memo.pickle").unlink(missing_ok=True)
    cold, cold_mem = audit(root, out / "text-cold.json", rules=None)
    (root / "out" / ".cache" / "audit-memo.pickle").unlink(missing_ok=True)
    warm, warm_mem = audit(root, out / "text-warm.json", rules=None)
    print(
        f"with text extraction ({pages} PDF pages): cold {cold:.2f} s, peak {cold_mem:.0f} MiB; "
        f"warm (memo removed, extraction cache kept) {warm:.2f} s, peak {warm_mem:.0f} MiB"
    )
    print(
        f"extra cost of text extraction: cold {(cold - warm) / pages * 1000:.2f} "
        "ms/page beyond the warm run, "
        f"{max(cold - plain, 0) / pages * 1000:.2f} ms/page beyond the plain cold audit"
    )


if __name__ == "__main__":
    main()
