"""Loading many rows at once: build the secondary indexes after the rows, not row by row.

Building an index over rows already written sorts once; keeping it while inserting a
million rows costs several times that. Unique indexes stay: they guard the data.
"""

from __future__ import annotations

from contextlib import contextmanager

from peewee import Database, SqliteDatabase


@contextmanager
def indexes_deferred(db: Database, tables: tuple[str, ...]):
    """Drop these tables' plain (non-unique) indexes for the block, and build them again after it.

    SQLite only (elsewhere it does nothing): its schema keeps each index's CREATE statement.
    """
    if not isinstance(db, SqliteDatabase):
        yield
        return
    marks = ", ".join("?" for _ in tables)
    rows = db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({marks})", tables).fetchall()
    for name, _sql in rows:
        db.execute_sql(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        for _name, sql in rows:
            db.execute_sql(sql)
