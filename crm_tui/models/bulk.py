"""Loading many rows at once: build the secondary indexes after the rows, not row by row.

Building an index over rows already written sorts once; keeping it while inserting a
million rows costs several times that. Unique indexes stay: they guard the data.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

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


@contextmanager
def fewer_checkpoints(db: Database, pages: int = 16_000):
    """Around many writes (an import, SQLite only): copy the write-ahead log into the database every
    `pages` pages (64 MB) rather than every thousand, so a page written again and again is copied
    once; what is committed is as safe either way."""
    db = getattr(db, "obj", db)
    if not isinstance(db, SqliteDatabase):
        yield
        return
    before = db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute_sql(f"PRAGMA wal_autocheckpoint = {int(pages)}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA wal_autocheckpoint = {int(before)}")


_INSERTS: dict[tuple, str] = {}  # (database kind, model, columns): the INSERT statement, written once


def insert_row(record) -> int:
    """Insert a new model instance, as save(force_insert=True) does, and set and return its id.

    The statement for a model and a set of columns is built by Peewee once and kept: building it
    anew for every row is most of what a row costs when thousands are written (an import)."""
    model = type(record)
    meta = model._meta
    data = record.__data__  # with the fields' defaults: Peewee fills them when the instance is made
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


def rows_writer(db: Database, table: str, columns: list[str]) -> Callable[[list], None]:
    """A writer of many rows (lists of column values, as the driver takes them) into table, with the
    driver's own bulk path (SQLite's executemany, PostgreSQL's COPY): Peewee's insert_many builds
    and converts each batch anew, which made restoring the large set take over three minutes."""
    names = ", ".join(f'"{c}"' for c in columns)
    if isinstance(db, SqliteDatabase):
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        return lambda rows: db.cursor().executemany(sql, rows)
    copy_sql = f'COPY "{table}" ({names}) FROM STDIN'  # PostgreSQL's own bulk path: rows streamed, no SQL each

    def copy(rows: list) -> None:
        with db.cursor() as cursor, cursor.copy(copy_sql) as stream:
            for row in rows:
                stream.write_row(row)

    return copy


def insert_dicts(model, rows: list[dict]) -> None:
    """Insert rows given as {field name: value} (every row the same fields), converted as Peewee
    would, in one bulk write."""
    if not rows:
        return
    meta = model._meta
    given = [meta.fields[name] for name in rows[0]]
    defaults = [f for f in meta.sorted_fields  # what the rows leave out and the model fills, as Peewee does
                if f.name not in rows[0] and f.default is not None and f is not meta.primary_key]
    fields = given + defaults
    db = meta.database
    write = rows_writer(getattr(db, "obj", db), meta.table_name, [f.column_name for f in fields])

    def default(field):
        return field.default() if callable(field.default) else field.default

    write([[f.db_value(row[f.name]) for f in given] + [f.db_value(default(f)) for f in defaults] for row in rows])


_UPDATES: dict[tuple, tuple[str, list]] = {}


def update_row(record, expected_version: int) -> int:
    """Write every column of a model instance over its row, only if the row is still at
    expected_version (optimistic locking): the rows changed, 1 or 0. The statement is built once
    a model, as insert_row's is."""
    model = type(record)
    meta = model._meta
    db = meta.database
    key = (type(getattr(db, "obj", db)), model)
    built = _UPDATES.get(key)
    if built is None:
        fields = [f for f in meta.sorted_fields if f is not meta.primary_key]
        sql, params = (model.update({f: None for f in fields})
                       .where((meta.primary_key == 0) & (model.version == 0)).sql())
        if len(params) != len(fields) + 2:  # every value a parameter, or the statement is not reusable
            raise RuntimeError(f"cannot keep the UPDATE of {meta.table_name}: {sql}")
        built = _UPDATES[key] = (sql, fields)
    sql, fields = built
    data = record.__data__
    params = [f.db_value(data.get(f.name)) for f in fields] + [record.id, expected_version]
    return db.execute_sql(sql, params).rowcount


_EXISTS: dict[tuple, str] = {}


def has_row(model, row_id: int) -> bool:
    """Whether model's table holds a row with this id: the statement built once (a rule asked of
    every row an import writes)."""
    db = model._meta.database
    key = (type(getattr(db, "obj", db)), model)
    sql = _EXISTS.get(key)
    if sql is None:
        sql = _EXISTS[key] = model.select(model.id).where(model.id == 0).sql()[0]  # by its key: one row at most
    return db.execute_sql(sql, [row_id]).fetchone() is not None
