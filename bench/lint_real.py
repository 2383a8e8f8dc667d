"""`docgen lint` on real third-party 公文, against a judgement made by hand.

Lints the folder of real documents as a user would (`docgen lint FOLDER`: .docx, .doc,
.wps, .ofd) and compares every finding with bench/lint_real_judged.yaml, where each
file's true defects (read against GB/T 9704-2012) and each finding's verdict are
written down. Prints, per file and in total: findings, right ones, precision, true
defects, found, recall. The documents are read where they are, never copied.

    PYTHONPATH=src .venv/bin/python bench/lint_real.py [--real ../shared/real]
        [--judged bench/lint_real_judged.yaml] [--show]

A finding no judgement entry matches is counted wrong and listed (judge it, then rerun).
Notices (a file that cannot be checked: format.unreadable) are shown apart: they are no
format defect, and an OFD is expected to give one.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
NOTICE = "format.unreadable"


@dataclass
class Tally:
    findings: int = 0
    right: int = 0
    defects: int = 0
    found: int = 0
    covered: int = 0  # defects some format id is meant to find
    covered_found: int = 0
    notices: int = 0
    unjudged: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("findings", "right", "defects", "found", "covered", "covered_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.notices += other.notices
        self.unjudged += other.unjudged


def _matches(entry: dict, f) -> bool:
    if entry["rule"] != f.rule:
        return False
    if "row" in entry and entry["row"] != f.row:
        return False
    return entry.get("match", "") in f.message


def judge_file(name: str, findings: list, judged: dict) -> Tally:
    t = Tally()
    defects = judged.get("defects") or []
    entries = judged.get("findings") or []
    t.defects = len(defects)
    t.covered = sum(d.get("scope", "lint") == "lint" for d in defects)
    found: set[str] = set()
    for f in findings:
        if f.rule == NOTICE:
            t.notices += 1
            continue
        t.findings += 1
        entry = next((e for e in entries if _matches(e, f)), None)
        if entry is None:
            t.unjudged.append(f"{name}: {f.rule} row={f.row} {f.message}")
        elif entry.get("defect"):
            t.right += 1
            found.add(entry["defect"])
    t.found = sum(d["id"] in found for d in defects)
    t.covered_found = sum(d["id"] in found for d in defects if d.get("scope", "lint") == "lint")
    return t


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    —"


def row(name: str, t: Tally) -> str:
    return (
        f"{name:28} {t.findings:4} {t.right:4} {pct(t.right, t.findings)}"
        f" {t.defects:4} {t.found:4} {pct(t.found, t.defects)}"
        f" {t.covered:4} {t.covered_found:4} {pct(t.covered_found, t.covered)} {t.notices:3}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=HERE.parent.parent / "shared" / "real")
    ap.add_argument("--judged", type=Path, default=HERE / "lint_real_judged.yaml")
    ap.add_argument("--show", action="store_true", help="print every finding")
    args = ap.parse_args(argv)
    from docgen.lint import lint_paths

    judged = yaml.safe_load(args.judged.read_text(encoding="utf-8"))["files"]
    findings = lint_paths([args.real])
    by_file: dict[str, list] = {}
    for f in findings:
        by_file.setdefault(Path(f.file or "").name, []).append(f)
    print(
        f"{'file':28} {'find':>4} {'ok':>4} {'prec':>6} {'dfct':>4} {'fnd':>4} {'recall':>6}"
        f" {'cov':>4} {'fnd':>4} {'recall':>6} {'ntc':>3}"
    )
    total = Tally()
    for name in sorted(judged):
        t = judge_file(name, by_file.get(name, []), judged[name] or {})
        total.add(t)
        print(row(name, t))
        if args.show:
            for f in by_file.get(name, []):
                print(f"    {f.rule} row={f.row} {f.message}")
    print(row("TOTAL", total))
    print(
        "prec = right findings / findings; recall = defects found / true defects "
        "(all; then only those a format id covers)"
    )
    unknown = sorted(set(by_file) - set(judged))
    for name in unknown:
        print(f"NOT JUDGED (file): {name}: {len(by_file[name])} findings")
    for line in total.unjudged:
        print("NOT JUDGED (finding, counted wrong):", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
