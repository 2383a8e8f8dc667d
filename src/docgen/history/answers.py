"""What the units wrote back (`docgen rectify`), kept in the audit history database
beside the runs: one `Answer` per good row of a returned 整改 sheet, the latest per
item winning; and the project's id, written into every 整改清单 so that a sheet
returned from another project is recognised.

    project_id, answers = load_answers(root)        # ("", {}) when nothing is recorded
    record_answers(root, project, [Answer(...)])    # HistoryError when it cannot be written
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .access import translated, vet
from .store import Store, database_path

if TYPE_CHECKING:
    from ..model import Project

ANSWER_COLUMNS = ("item", "unit", "measures", "progress", "done", "evidence", "source", "recorded")


@dataclass(frozen=True)
class Answer:
    """One answered row: `item` is the finding key or problem id it answers, `unit`
    the 责任单位 whose sheet it came from, `done` the 完成日期 (YYYY-MM-DD), `source`
    the file and sheet, `recorded` when docgen read it (ISO time)."""

    item: str
    unit: str
    measures: str | None
    progress: str | None
    done: str | None
    evidence: str | None
    source: str
    recorded: str

    def to_dict(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in ANSWER_COLUMNS}


def load_answers(root: Path) -> tuple[str, dict[str, Answer]]:
    """The project's id ("" before any run was recorded) and the latest answer per
    item. Raises HistoryError for a damaged or foreign history file."""
    path = database_path(Path(root))
    if not path.is_file():
        return "", {}
    vet(path, writing=False)
    if not path.is_file():
        return "", {}
    with translated(path, writing=False), Store.reading(path) as store:
        if store is None or store.version < 2:
            return "", {}
        return project_id(store), latest_answers(store)


def record_answers(root: Path, project: Project, answers: list[Answer]) -> None:
    """Add `answers` to the history of the project at `root` in one transaction."""
    from . import _writable

    path = _writable(Path(root), project)
    vet(path, writing=True)
    with translated(path, writing=True), Store.writing(path) as store:
        project_id(store, create=True)
        store.con.executemany(
            f"INSERT INTO answer ({', '.join(ANSWER_COLUMNS)}) VALUES ({', '.join('?' * 8)})",
            [tuple(getattr(a, name) for name in ANSWER_COLUMNS) for a in answers],
        )


def project_id(store: Store, create: bool = False) -> str:
    """The project's id, made (a random hex string) on the first write with `create`."""
    row = store.con.execute("SELECT value FROM meta WHERE key = 'project'").fetchone()
    if row is not None:
        return str(row[0])
    if not create:
        return ""
    value = uuid.uuid4().hex[:16]
    store.con.execute("INSERT INTO meta (key, value) VALUES ('project', ?)", (value,))
    return value


def latest_answers(store: Store) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    rows = store.con.execute(f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answer ORDER BY id")
    for row in rows:
        values = [None if v is None else str(v) for v in row]
        out[values[0]] = Answer(*values)
    return out
