"""Scale benchmark (issue 17): clean projects of N ledger rows and N text PDFs (2 or 3
pages, 2.5 on average), every PDF stating the same indicator figure for its year, as
real work reports repeat figures. For each size it prints the floor measured in the
same run (calamine ledger read + page count + sha256 + the text of every page with
pypdfium2, on all cores), a cold audit (all rules, docgen's caches empty), a warm one
(unchanged project), the ratios and the peak memory (largest process).

    .venv/bin/python bench/scale.py [--sizes 5000,20000] [--dir bench/_scale] [--keep]

Targets: cold ≤ 1.3 × floor, warm ≤ 0.1 × cold, 20k/5k cold ≤ 4.6 ×, peak < 512 MiB.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

YEARS = (2024, 2025, 2026)
FIGURE = {2024: "40.85", 2025: "41.2", 2026: "42.0"}
SECTIONS = [("01", "1.1"), ("02", "2.1"), ("03", "3.3"), ("04", "4.1"), ("05", "5.1")]
SECTIONS += [("06", "6.1"), ("07", "7.1")]
HEADER = ["档号", "责任者", "文号", "题名", "日期", "页数", "保管期限", "条目", "材料类型"]
HEADER.append("文件路径")
RULE_KEY = re.compile(r'"rule": ')
LABEL = "J012-0000-D30-00-0000"  # replaced in each copy by the file's 档号 (same length)


def template(year: int, pages: int) -> bytes:
    """A report of `pages` pages in STSong-Light (not embedded: PDFium substitutes a CJK
    font, as for most office PDFs), uncompressed so the label can be replaced in place."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0, invariant=1)
    for p in range(pages):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, LABEL)
        c.setFont("STSong-Light", 12)
        lines = [f"基准市{year}年创建国家卫生城市工作总结（第{p + 1}部分）"] if p == 0 else []
        lines += [f"{year}年，全市持续推进城乡环境卫生整治，落实门前三包责任制。"] * 12
        if p == 0:
            lines.insert(3, f"{year}年全市建成区绿化覆盖率为{FIGURE[year]}%，较上年有所提高。")
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 22 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def generate(root: Path, n: int) -> None:
    import openpyxl

    if root.exists():
        shutil.rmtree(root)
    (root / "ledger").mkdir(parents=True)
    (root / "docgen.yaml").write_text(
        "city: {name: 基准市, level: city, fonds: J012}\nguide: national-city-2021\n"
        f"years: [{', '.join(map(str, YEARS))}]\n",
        encoding="utf-8",
    )
    pdfs = {(y, p): template(y, p) for y in YEARS for p in (2, 3)}
    wb = openpyxl.Workbook(write_only=True)
    sheets = {y: wb.create_sheet(str(y)) for y in YEARS}
    for ws in sheets.values():
        ws.append(HEADER)
    for i in range(n):
        year, pages = YEARS[i % 3], 2 + i % 2
        section, item = SECTIONS[(i // 3) % len(SECTIONS)]
        number = i // (3 * len(SECTIONS)) + 1
        code = f"J012-{year}-D30-{section}-{number:04d}"
        rel = f"{year}/{section}/{code}.pdf"
        path = root / "archive" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdfs[(year, pages)].replace(LABEL.encode(), code.encode()))
        sheets[year].append(
            [
                code,
                "基准市爱国卫生运动委员会办公室",
                f"基爱卫办〔{year}〕{i // 3 + 1}号",
                f"基准市{year}年创卫工作总结第{i // 3 + 1}号",
                f"{year}1215",
                pages,
                "定期30年",
                item,
                "总结",
                rel,
            ]
        )
    wb.save(root / "ledger" / "归档文件目录.xlsx")


# ---------------------------------------------------------------- the floor


def _one_pdf(path: str) -> tuple[int, int]:
    import pypdfium2 as pdfium

    with open(path, "rb") as f:
        hashlib.sha256(f.read()).hexdigest()
    doc = pdfium.PdfDocument(path)
    chars = 0
    for i in range(len(doc)):
        page = doc[i]
        text = page.get_textpage()
        chars += len(text.get_text_range())
        text.close()
        page.close()
    pages = len(doc)
    doc.close()
    return pages, chars


def floor(root: Path) -> dict[str, float]:
    import python_calamine as pc

    t0 = time.perf_counter()
    wb = pc.CalamineWorkbook.from_path(str(root / "ledger" / "归档文件目录.xlsx"))
    rows = sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)
    t1 = time.perf_counter()
    pdfs = sorted(str(p) for p in (root / "archive").rglob("*.pdf"))
    with Pool(os.cpu_count() or 1) as pool:
        done = pool.map(_one_pdf, pdfs, chunksize=64)
    t2 = time.perf_counter()
    return {
        "read": t1 - t0,
        "pdfs": t2 - t1,
        "total": t2 - t0,
        "rows": rows,
        "files": len(pdfs),
        "pages": sum(p for p, _ in done),
    }


# ---------------------------------------------------------------- the audit


def audit(root: Path, out: Path, *extra: str) -> tuple[float, float, str]:
    """Wall time, peak RSS (MiB, largest process) and the summary line of one audit."""
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "docgen", "audit", str(root), "--format", "json", "-o"]
    proc = subprocess.run(
        [*cmd, str(out), "--force", *extra], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"audit failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak, _summary(out)


def _summary(out: Path) -> str:
    text = out.read_text(encoding="utf-8")
    return f"{len(RULE_KEY.findall(text))} findings"


def measure(base: Path, n: int, keep: bool) -> dict:
    root = base / f"scale-{n}"
    if not (keep and (root / "docgen.yaml").exists()):
        t = time.perf_counter()
        generate(root, n)
        print(f"[{n}] generated {n} rows + {n} PDFs in {time.perf_counter() - t:.1f} s", flush=True)
    shutil.rmtree(root / "out", ignore_errors=True)
    f = floor(root)  # also brings the files into the page cache, as for the audits
    f = min(f, floor(root), key=lambda r: r["total"])
    print(f"[{n}] floor {f['total']:.1f} s ({f['pages']} pages)", flush=True)
    cold, cold_mem, found = audit(root, base / f"cold-{n}.json")
    warm, _, _ = audit(root, base / f"warm-{n}.json")
    same = (base / f"cold-{n}.json").read_bytes() == (base / f"warm-{n}.json").read_bytes()
    print(
        f"[{n}] floor {f['total']:.1f} s (ledger {f['read']:.2f} s + {f['files']} PDFs, "
        f"{f['pages']} pages {f['pdfs']:.1f} s); cold {cold:.1f} s = {cold / f['total']:.2f}× "
        f"floor, peak {cold_mem:.0f} MiB, {found}; warm {warm:.2f} s = {warm / cold:.3f}× cold; "
        f"reports identical: {same}",
        flush=True,
    )
    return {"n": n, "floor": f["total"], "cold": cold, "warm": warm, "peak": cold_mem}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5000,20000")
    ap.add_argument("--dir", type=Path, default=Path(__file__).parent / "_scale")
    ap.add_argument("--keep", action="store_true", help="reuse generated projects")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    runs = [measure(args.dir, int(s), args.keep) for s in args.sizes.split(",")]
    for a, b in itertools.pairwise(runs):
        print(
            f"{b['n']}/{a['n']}: cold {b['cold'] / a['cold']:.2f}× "
            f"(linear {b['n'] / a['n']:.1f}×), floor {b['floor'] / a['floor']:.2f}×"
        )


if __name__ == "__main__":
    main()
