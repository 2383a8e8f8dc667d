"""Comparing the finding keys of two runs: new, fixed and still open."""

from __future__ import annotations

from dataclasses import dataclass

from .model import NEW, OPEN


@dataclass
class Diff:
    """`new` and `still_open` index the current run's findings, `fixed` the previous
    run's; `status` maps each current key to "new" or "open"."""

    status: dict[str, str]
    new: list[int]
    still_open: list[int]
    fixed: list[int]


def diff(previous: list[str], current: list[str]) -> Diff:
    if previous == current:  # the common re-audit of an unchanged project
        return Diff(
            status=dict.fromkeys(current, OPEN),
            new=[],
            still_open=list(range(len(current))),
            fixed=[],
        )
    before = set(previous)
    now = set(current)
    status: dict[str, str] = {}
    new, still_open = [], []
    for i, key in enumerate(current):
        if key in before:
            status[key] = OPEN
            still_open.append(i)
        else:
            status[key] = NEW
            new.append(i)
    fixed = [i for i, key in enumerate(previous) if key not in now]
    return Diff(status=status, new=new, still_open=still_open, fixed=fixed)
