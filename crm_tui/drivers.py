"""Which database drivers a run loads: Peewee imports PostgreSQL's when it can, some 80 ms of
every start, so a run on a SQLite file hides it first."""

from __future__ import annotations

import sys


def without_postgres_drivers() -> None:
    """A SQLite run need not load PostgreSQL's driver. Only in a fresh process: never hide a
    driver something already loaded."""
    if "peewee" not in sys.modules:
        for name in ("psycopg2", "psycopg", "psycopg2cffi"):
            sys.modules.setdefault(name, None)  # None: "import psycopg" raises ImportError
