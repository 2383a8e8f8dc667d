"""The audit history database, DIR/out/.history/audit-history.sqlite.

Table `run` has one row per recorded audit (time, version, guide, years, rule
selection, counts, completeness, and the comparison with the previous run of the
same scope); table `run_data` holds each run's finding keys (a JSON list) and its
findings (the JSON report's dicts, stored column by column), both zlib-compressed.
A run whose findings equal those of the run it is compared with (the common
re-audit of an unchanged project: the same keys, rows and messages, told by a sha1
`digest`) stores no data of its own: `data_run` names the run that has it.

The file carries an application id and a schema version (PRAGMA application_id,
user_version): a file that is not ours, or is damaged, is never written to and
never deleted. A run is recorded in one IMMEDIATE transaction, so that two audits
at once each compare with a complete previous run; the other waits (busy timeout).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..findings import FINDING_KEYS, Finding
from ..stores import guard
from .model import KEY_SCHEME, RunSummary, finding_from_dict, finding_keys
from .schema import ANSWER_SQL, SCHEMA, SCHEMA_SQL

FOLDER = ".history"
NAME = "audit-history.sqlite"
APPLICATION_ID = 0x44474831  # "DGH1"
BUSY_SECONDS = 30
READ_SECONDS = 20  # beyond the wait for a lock: no statement of ours takes a second
LEVEL = 1  # zlib: 80,000 findings pack in 0.04 s to about 1 MB; level 6 saves 20% at 4× the time

_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",", ":")).encode

RUN_COLUMNS = (
    "id, run_time, version, guide, years, rules, errors, warnings, completeness, by_section, "
    "new, fixed, still_open, compared_to"
)


class HistoryError(Exception):
    """The history cannot be used; `message` is a Chinese paragraph naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Damaged(Exception):
    """The file is not a docgen history, or is damaged (reason in Chinese)."""


class Newer(Exception):
    """The file was written by a newer docgen (its schema version)."""


def database_path(root: Path) -> Path:
    return Path(root) / "out" / FOLDER / NAME


def scope_values(summary: RunSummary) -> tuple[str, str, str | None]:
    """The scope as stored: guide, years and rules (JSON text; rules NULL for all)."""
    rules = None if summary.rules is None else _ENCODE(list(summary.rules))
    return summary.guide, _ENCODE(list(summary.years)), rules


def pack_keys(keys: Sequence[str]) -> bytes:
    return zlib.compress(_ENCODE(list(keys)).encode("utf-8", "surrogatepass"), LEVEL)


def unpack_keys(blob: bytes) -> list[str]:
    keys = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise Damaged("记录的问题编号格式不对")
    return keys


class Columns:
    """A run's findings column by column (16 lists beat 80,000 dicts to build, encode
    and compress): `fields` names the columns, each holds one value per finding."""

    def __init__(self, fields: list[str], columns: list[list[Any]]) -> None:
        self.fields = fields
        self.columns = columns

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> Columns:
        return cls(
            list(FINDING_KEYS), [[getattr(f, name) for f in findings] for name in FINDING_KEYS]
        )

    def pack(self) -> bytes:
        text = _ENCODE({"fields": self.fields, "columns": self.columns})
        return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)

    @classmethod
    def unpack(cls, blob: bytes) -> Columns:
        data = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
        fields = data.get("fields") if isinstance(data, dict) else None
        columns = data.get("columns") if isinstance(data, dict) else None
        if not (
            isinstance(fields, list)
            and isinstance(columns, list)
            and len(columns) == len(fields)
            and all(isinstance(c, list) for c in columns)
            and len({len(c) for c in columns}) <= 1
        ):
            raise Damaged("记录的问题数据格式不对")
        return cls([str(f) for f in fields], columns)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Columns) and (self.fields, self.columns) == (
            other.fields,
            other.columns,
        )

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def rows(self, indices: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """The findings as JSON report dicts (every key of the report, in its order)."""
        chosen = range(len(self)) if indices is None else indices
        where = {name: i for i, name in enumerate(self.fields)}
        out = []
        for n in chosen:
            out.append(
                {
                    name: self.columns[where[name]][n] if name in where else None
                    for name in FINDING_KEYS
                }
            )
        return out


class Store:
    """An open history database (inside a transaction)."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self.con = con
        self.path = path
        self.version = SCHEMA  # a schema-1 file read as it is has no answers

    @classmethod
    @contextmanager
    def writing(cls, path: Path) -> Iterator[Store]:
        """The database at `path`, created if new, locked for writing until the block ends."""
        con = connect(path, "rwc")
        try:
            guard(con, BUSY_SECONDS + READ_SECONDS)
            con.execute("BEGIN IMMEDIATE")
            store = cls(con, path)
            if store._check(create=True):
                for statement in SCHEMA_SQL:
                    con.execute(statement)
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {SCHEMA}")
            yield store
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.close()

    @classmethod
    @contextmanager
    def reading(cls, path: Path) -> Iterator[Store | None]:
        """The database at `path`, read only (one consistent snapshot); None when it
        holds no history yet. Opened read-write all the same: only so does SQLite roll
        back the journal of a run killed while it recorded."""
        con = connect(path, "rw")
        try:
            guard(con, BUSY_SECONDS + READ_SECONDS)
            con.execute("BEGIN")
            store = cls(con, path)
            yield None if store._check(create=False) else store
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.close()

    def _check(self, create: bool) -> bool:
        """True when the file is new (empty); raises Damaged or Newer for a file that is
        not a docgen history or is too new."""
        app = self.con.execute("PRAGMA application_id").fetchone()[0]
        version = self.con.execute("PRAGMA user_version").fetchone()[0]
        tables = self.con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app == 0 and tables == 0:
            return True
        if app != APPLICATION_ID:
            raise Damaged("这是别的程序的 SQLite 数据库，不是 docgen 的审核历史")
        if version > SCHEMA:
            raise Newer(str(version))
        if version < 1:
            raise Damaged(f"格式版本 {version} 不完整")
        self.version = version
        if version < SCHEMA and create:  # schema 1: add what schema 2 adds
            for statement in ANSWER_SQL:
                self.con.execute(statement)
            self.con.execute(f"PRAGMA user_version = {SCHEMA}")
            self.version = SCHEMA
        return False

    # ---------------------------------------------------------------- reading

    def runs(
        self, scope: tuple[str, str, str | None] | None = None, upto: int | None = None
    ) -> list[RunSummary]:
        """The runs (of one scope; up to run id `upto`), oldest first."""
        sql, args = (
            f"SELECT {RUN_COLUMNS} FROM run WHERE id <= ?",
            [upto if upto is not None else 2**62],
        )
        if scope is not None:
            sql += " AND guide = ? AND years = ? AND rules IS ?"
            args += list(scope)
        return [_summary(row) for row in self.con.execute(sql + " ORDER BY id", args)]

    def run(self, run_id: int | None) -> RunSummary | None:
        if run_id is None:
            return None
        row = self.con.execute(f"SELECT {RUN_COLUMNS} FROM run WHERE id = ?", (run_id,)).fetchone()
        return None if row is None else _summary(row)

    def latest(self, scope: tuple[str, str, str | None] | None = None) -> RunSummary | None:
        sql, args = f"SELECT {RUN_COLUMNS} FROM run", []
        if scope is not None:
            sql += " WHERE guide = ? AND years = ? AND rules IS ?"
            args = list(scope)
        row = self.con.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
        return None if row is None else _summary(row)

    def count(self) -> int:
        return self.con.execute("SELECT count(*) FROM run").fetchone()[0]

    def _data(self, run_id: int) -> tuple[int, bytes, bytes]:
        """(key scheme, keys blob, findings blob) of a run, following `data_run`."""
        row = self.con.execute(
            "SELECT r.key_scheme, d.keys, d.findings FROM run r JOIN run_data d "
            "ON d.run_id = coalesce(r.data_run, r.id) WHERE r.id = ?",
            (run_id,),
        ).fetchone()
        if row is None:
            raise Damaged(f"第 {run_id} 次审核的问题数据缺失")
        return row

    def keys(self, run_id: int) -> list[str]:
        """The run's finding keys; recomputed from its findings when they were made
        with another key scheme."""
        scheme, keys, findings = self._data(run_id)
        if scheme == KEY_SCHEME:
            return unpack_keys(keys)
        return finding_keys(finding_from_dict(d) for d in Columns.unpack(findings).rows())

    def findings(self, run_id: int) -> Columns:
        return Columns.unpack(self._data(run_id)[2])

    # ---------------------------------------------------------------- writing

    def insert(
        self,
        summary: RunSummary,
        total: int,
        digest: str,
        keys: bytes | None,
        findings: bytes | None,
        data_run: int | None,
    ) -> int:
        """Add a run; its data is `keys` and `findings`, or that of `data_run`."""
        guide, years, rules = scope_values(summary)
        cur = self.con.execute(
            "INSERT INTO run (run_time, version, guide, years,"
            " rules, errors, warnings, completeness, "
            "by_section, compared_to, new, fixed, still_open, total, key_scheme, digest, data_run) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                summary.run_time,
                summary.version,
                guide,
                years,
                rules,
                summary.errors,
                summary.warnings,
                summary.completeness,
                _ENCODE(summary.by_section),
                summary.compared_to,
                summary.new,
                summary.fixed,
                summary.still_open,
                total,
                KEY_SCHEME,
                digest,
                data_run,
            ),
        )
        run_id = cur.lastrowid
        if data_run is None:
            self.con.execute(
                "INSERT INTO run_data (run_id, keys, findings) VALUES (?, ?, ?)",
                (run_id, keys, findings),
            )
        return run_id

    def digest(self, run_id: int) -> str:
        return self.con.execute("SELECT digest FROM run WHERE id = ?", (run_id,)).fetchone()[0]

    def data_owner(self, run_id: int) -> int:
        """The run whose row in run_data holds `run_id`'s data."""
        row = self.con.execute(
            "SELECT coalesce(data_run, id) FROM run WHERE id = ?", (run_id,)
        ).fetchone()
        return row[0]


def connect(path: Path, mode: str) -> sqlite3.Connection:
    """mode "rw" (the file must exist; read-only when it is write-protected) or "rwc"."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None)


def _summary(row: tuple) -> RunSummary:
    (
        run_id,
        run_time,
        version,
        guide,
        years,
        rules,
        errors,
        warnings,
        completeness,
        by_section,
        new,
        fixed,
        still_open,
        compared_to,
    ) = row
    try:
        year_list = tuple(int(y) for y in json.loads(years))
        rule_list = None if rules is None else tuple(str(r) for r in json.loads(rules))
        sections = {str(k): float(v) for k, v in json.loads(by_section).items()}
    except (ValueError, TypeError, AttributeError):
        raise Damaged(f"第 {run_id} 次审核的记录格式不对") from None
    return RunSummary(
        run_id=run_id,
        run_time=run_time,
        version=version,
        guide=guide,
        years=year_list,
        errors=errors,
        warnings=warnings,
        completeness=completeness,
        by_section=sections,
        new=new,
        fixed=fixed,
        still_open=still_open,
        rules=rule_list,
        compared_to=compared_to,
    )
