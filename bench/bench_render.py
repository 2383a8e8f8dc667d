"""Render benchmark: one hundred 问题整改交办单 with `--each unit`.

Builds a project with N member units, each with a few open problems, then renders the
built-in `assignment` template once per unit and prints wall time and documents/s
(best of the runs; the first run includes reading the template and the workbooks).

    .venv/bin/python bench/bench_render.py [--units 100] [--problems 3] [--runs 3]
        [--dir bench/_data/render]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

ISSUES = [
    "背街小巷垃圾清运不及时",
    "农贸市场防蝇设施破损",
    "公共厕所保洁不到位",
    "餐饮店后厨无防鼠网",
    "建筑工地出入口未冲洗",
    "小区积水点蚊虫孳生",
    "控烟标识缺失",
    "宣传栏内容未更新",
]
DATA = """date: 2026-11-20
today: 2026-11-20
issuer: 基准市爱国卫生运动委员会办公室
contact:
  name: 王晓燕
  phone: 0000-6812314
"""


def generate(root: Path, units: int, problems: int) -> Path:
    """The project at `root` (rebuilt) and its --data file."""
    import openpyxl

    from docgen.scaffold import PROBLEM_HEADER, init_project

    if root.exists():
        shutil.rmtree(root)
    init_project(root)
    (root / "docgen.yaml").write_text(
        "city: {name: 基准市, level: city, fonds: J012}\nguide:"
        " national-city-2021\nyears: [2024, 2025, 2026]\n",
        encoding="utf-8",
    )
    names = [f"基准市第{i + 1}成员单位" for i in range(units)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "简称", "联系人", "电话"])
    for i, name in enumerate(names):
        ws.append([name, f"第{i + 1}单位", f"联系人{i + 1}", f"0000-68{i:04d}"])
    wb.save(root / "data" / "成员单位.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PROBLEM_HEADER)
    n = 0
    for i, name in enumerate(names):
        for j in range(problems):
            n += 1
            given = dt.date(2026, 1 + (n % 10), 1 + (n % 27))
            ws.append(
                [
                    f"WT-2026-{n:04d}",
                    ISSUES[(i + j) % len(ISSUES)],
                    f"城区第{n}号点位",
                    "暗访",
                    name,
                    given,
                    given + dt.timedelta(days=30),
                    "整改中",
                    None,
                ]
            )
    wb.save(root / "data" / "问题清单.xlsx")
    data = root / "render-data.yaml"
    data.write_text(DATA, encoding="utf-8")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--problems", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(__file__).parent / "_data" / "render")
    args = parser.parse_args()

    from docgen.render import render

    data = generate(args.dir, args.units, args.problems)
    times = []
    for run in range(args.runs):
        start = time.perf_counter()
        written = render("assignment", args.dir, data_file=data, each="unit", force=True)
        times.append(time.perf_counter() - start)
        print(
            f"run {run + 1}: {len(written)} documents in {times[-1]:.2f} s "
            f"({len(written) / times[-1]:.1f} docs/s)"
        )
    best = min(times)
    print(
        f"best: {args.units} assignment sheets (--each unit) in {best:.2f} s = "
        f"{args.units / best:.1f} docs/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
