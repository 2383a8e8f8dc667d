"""OCR benchmark: scanned A4 pages of dense Chinese text at 200 dpi, read by OCR.

Generates image-only PDFs (each page a 200 dpi JPEG of ~40 lines of 30 characters,
drawn with reportlab and rendered by pdfium), then times:

- floor: the OCR engine alone (docgen's settings, one thread) on the same page images
  in this process, summed and divided by the cores docgen's pool uses: no process
  ever reads these pages faster on this machine;
- pool: the OCR step as the audit runs it, `extract.ocr.ocr_pdf_pages` in the worker
  pool (its time and memory limits, one worker per core);
- audit cold / from the cache: `docgen audit` end to end with an empty OCR cache, then
  again with out/ removed but the OCR cache (DOCGEN_OCR_CACHE) kept.

    .venv/bin/python bench/ocr.py [--pages 8] [--dir bench/_data/ocr]

Target (issue 13): ≤ 3 s per A4 page at 200 dpi with both cores.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

DPI = 200
PER_FILE = 2
LINES = (
    "全市生活垃圾无害化处理率达到100%，生活垃圾回收利用率达到38.2%。",
    "建成区绿化覆盖率达到41.2%，人均公园绿地面积达到14.6平方米。",
    "在市委、市政府的坚强领导下，各成员单位密切配合，爱国卫生工作成效明显。",
    "城乡环境卫生整治持续推进，背街小巷、城中村面貌明显改善，群众满意。",
    "部分农贸市场防蝇防鼠设施维护不及时，个别背街小巷仍有乱堆乱放现象。",
    "巩固创建成果，建立长效管理机制，确保各项指标稳定达到国家卫生城市标准。",
    "检查方式：实地查看、随机抽查；检查内容：环境卫生、设施设备和台账资料。",
    "责任单位于10个工作日内完成整改，并书面报告整改情况，市爱卫办跟踪督办。",
)


def page_pdf(pages: int, seed: int) -> bytes:
    """A text PDF of dense A4 pages (reportlab's STSong-Light, 12 pt, 40 lines)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.28, 841.89), invariant=1)
    for p in range(pages):
        c.setFont("STSong-Light", 12)
        for k in range(40):
            text = LINES[(seed + p + k) % len(LINES)]
            c.drawString(60, 790 - k * 18.5, f"{k + 1}. {text}"[:36])
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_images(pdf: bytes) -> list:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def generate(root: Path, pages: int) -> list[Path]:
    """A project of image-only PDFs, PER_FILE pages each, on ledger rows; their paths."""
    import openpyxl

    from docgen.demo.scans import image_pdf_bytes

    if root.exists():
        shutil.rmtree(root)
    (root / "ledger").mkdir(parents=True)
    (root / "docgen.yaml").write_text(
        "city: {name: 基准市, level: city, fonds: J012}\nguide:"
        " national-city-2021\nyears: [2024, 2025, 2026]\n",
        encoding="utf-8",
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025"
    ws.append(
        ["档号", "责任者", "题名", "日期", "页数", "保管期限", "条目", "材料类型", "文件路径"]
    )
    files = []
    for n in range(-(-pages // PER_FILE)):
        count = min(PER_FILE, pages - n * PER_FILE)
        code = f"J012-2025-D30-03-{n + 1:04d}"
        rel = f"2025/03/{code}.pdf"
        path = root / "archive" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(image_pdf_bytes(scan_images(page_pdf(count, n)), creator="Scanner"))
        files.append(path)
        ws.append(
            [code, "基准市城市管理局", f"2025年市容环境卫生工作总结（{n + 1}）", "20251220"]
            + [count, "定期30年", "3.1", "总结", rel]
        )
    wb.save(root / "ledger" / "归档文件目录.xlsx")
    return files


def floor(files: list[Path], cores: int) -> tuple[float, float, int]:
    """Seconds the engine alone takes on every page in this process, over `cores`; the
    CPU seconds it used; the pages."""
    import pypdfium2 as pdfium

    from docgen.extract import ocr

    ocr._read(scan_images(page_pdf(1, 0))[0])  # the models are loaded outside the timing
    total, pages, cpu = 0.0, 0, 0.0
    for path in files:
        doc = pdfium.PdfDocument(str(path))
        images = [doc[i].render(scale=ocr.PDF_DPI / 72).to_pil() for i in range(len(doc))]
        doc.close()
        for img in images:
            t, c = time.perf_counter(), time.process_time()
            ocr._read(img)
            total += time.perf_counter() - t
            cpu += time.process_time() - c
            pages += 1
    return total / cores, cpu, pages


def pool_time(files: list[Path]) -> tuple[float, float, int]:
    """The OCR step in docgen's worker pool: (wall seconds, CPU seconds, workers)."""
    from docgen.extract import ocr
    from docgen.workers import pool

    items = [(str(p), i) for p in files for i in range(PER_FILE)]
    workers = min(len(items), pool.worker_count(1 << 20))  # one a core, as for a long run
    t, c = time.perf_counter(), _children_cpu()
    # a longer time limit than the audit's: on a machine shared with other work a dense
    # page can take minutes, and the bench measures speed, not the limit
    run = pool.run(items, _ocr_page, workers, timeout=600.0, memory=ocr.OCR_MEMORY)
    for _, got in run:
        if isinstance(got, pool.Failed):
            sys.exit(f"OCR failed in a worker: {got}")
    return time.perf_counter() - t, _children_cpu() - c, workers


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (and theirs)."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _ocr_page(item: tuple[str, int]) -> dict[int, str]:
    from docgen.extract import ocr

    return ocr.ocr_pdf_pages(item[0], [item[1]])


def audit(root: Path, out: Path, cache: Path) -> tuple[float, float, dict]:
    """Wall time and CPU seconds of one `docgen audit`, and its summary."""
    env = {**os.environ, "DOCGEN_OCR_CACHE": str(cache)}
    t, c = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "docgen", "audit", str(root), "--format", "json", "-o", str(out)]
        + ["--force"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    wall, cpu = time.perf_counter() - t, _children_cpu() - c
    if proc.returncode not in (0, 1):
        sys.exit(f"audit failed ({proc.returncode}): {proc.stderr}")
    return wall, cpu, json.loads(out.read_text(encoding="utf-8"))["summary"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--dir", type=Path, default=Path(__file__).parent / "_data" / "ocr")
    args = ap.parse_args()
    from docgen.extract import ocr

    why = ocr.available()
    if why:
        sys.exit(why)
    root = args.dir / "project"
    t = time.perf_counter()
    files = generate(root, args.pages)
    made = time.perf_counter() - t
    print(f"generated {args.pages} scanned pages in {len(files)} PDFs: {made:.1f} s")
    _load("before")
    wall, pool_cpu, workers = pool_time(files)
    best, cpu, pages = floor(files, workers)
    print(
        f"floor (engine alone, {workers} cores): {best:.1f} s, {best / pages:.2f} s/page; "
        f"CPU {cpu / pages:.2f} s/page (unshared, {workers} cores: "
        f"{cpu / pages / workers:.2f} s/page)"
    )
    print(
        f"pool ({workers} workers): {wall:.1f} s, {wall / pages:.2f} s/page, "
        f"{pages / wall:.2f} pages/s, CPU {pool_cpu / pages:.2f} s/page "
        f"(idle {workers} cores: {pool_cpu / pages / workers:.2f} s/page); "
        f"pool/floor = {wall / best:.2f} (target ≤ 3 s/page with both cores)"
    )
    _load("after the pool")
    cache = args.dir / "ocr-cache"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(root / "out", ignore_errors=True)
    cold, cold_cpu, summary = audit(root, args.dir / "cold.json", cache)
    reading = summary.get("reading")
    if not reading:
        print(f"audit cold: {cold:.1f} s — this audit reads no scan (no summary.reading)")
        return
    shutil.rmtree(root / "out", ignore_errors=True)
    warm, warm_cpu, _ = audit(root, args.dir / "warm.json", cache)
    print(
        f"audit cold: {cold:.1f} s, {cold / pages:.2f} s/page, CPU {cold_cpu / pages:.2f} "
        f"s/page; read by OCR: {reading['ocr']} files"
    )
    print(
        f"audit from the OCR cache (out/ removed): {warm:.1f} s, {warm / pages:.3f} s/page, "
        f"CPU {warm_cpu:.1f} s; cold/floor = {cold / best:.2f}, cached/cold = {warm / cold:.2f}"
    )
    _load("after")


def _load(when: str) -> None:
    """The load average; wall clock is contended when others use the cores too."""
    load = os.getloadavg()
    cores = os.cpu_count() or 1
    busy = " — wall clock contended, compare CPU s/page" if load[0] > 0.5 * cores else ""
    print(f"load average {when}: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {cores} CPUs{busy}")


if __name__ == "__main__":
    main()
