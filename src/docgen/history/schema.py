"""The tables of the audit history database (store.py opens it).

Schema 1: `run` and `run_data`. Schema 2 adds `meta` (the project's id, written into
the 整改清单 so that a sheet returned from another project is recognised) and `answer`
(what the units wrote back in their 整改 sheets, `docgen rectify`): a schema-1 file is
brought up to 2 the first time it is written, by adding the two tables.
"""

from __future__ import annotations

SCHEMA = 2

RUN_SQL = (
    """CREATE TABLE run (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_time TEXT NOT NULL,
        version TEXT NOT NULL,
        guide TEXT NOT NULL,
        years TEXT NOT NULL,
        rules TEXT,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        completeness REAL,
        by_section TEXT NOT NULL,
        compared_to INTEGER REFERENCES run (id),
        new INTEGER NOT NULL,
        fixed INTEGER NOT NULL,
        still_open INTEGER NOT NULL,
        total INTEGER NOT NULL,
        key_scheme INTEGER NOT NULL,
        digest TEXT NOT NULL,
        data_run INTEGER REFERENCES run (id)
    )""",
    "CREATE INDEX run_scope ON run (guide, years, rules, id)",
    """CREATE TABLE run_data (
        run_id INTEGER PRIMARY KEY REFERENCES run (id),
        keys BLOB NOT NULL,
        findings BLOB NOT NULL
    )""",
)
ANSWER_SQL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE answer (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        item TEXT NOT NULL,
        unit TEXT NOT NULL,
        measures TEXT,
        progress TEXT,
        done TEXT,
        evidence TEXT,
        source TEXT NOT NULL,
        recorded TEXT NOT NULL
    )""",
    "CREATE INDEX answer_item ON answer (item, id)",
)
SCHEMA_SQL = RUN_SQL + ANSWER_SQL
