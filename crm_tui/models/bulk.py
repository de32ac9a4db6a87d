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


_INSERTS: dict[tuple, str] = {}  # (database kind, model, columns): the INSERT statement, written once


def insert_row(record) -> int:
    """Insert a new model instance, as save(force_insert=True) does, and set and return its id.

    The statement for a model and a set of columns is built by Peewee once and kept: building it
    anew for every row is most of what a row costs when thousands are written (an import)."""
    model = type(record)
    meta = model._meta
    data = record.__data__
    for field in meta.sorted_fields:  # defaults, as Peewee's insert fills them
        if field.name not in data and field.default is not None:
            data[field.name] = field.default() if callable(field.default) else field.default
    fields = [f for f in meta.sorted_fields if f.name in data and f is not meta.primary_key]
    db = meta.database
    key = (type(getattr(db, "obj", db)), model, tuple(f.name for f in fields))  # SQLite's ? or PostgreSQL's %s
    sql = _INSERTS.get(key)
    if sql is None:
        sql, _params = model.insert({f: data[f.name] for f in fields}).sql()
        _INSERTS[key] = sql
    params = [f.db_value(data[f.name]) for f in fields]
    cursor = db.execute_sql(sql, params)
    new_id = cursor.fetchone()[0] if "RETURNING" in sql.upper() else cursor.lastrowid
    record.id = new_id
    record._dirty.clear()
    return new_id
