"""Backup and restore: every table to one file and back, on SQLite or PostgreSQL.

A backup is a zip archive: `manifest.json` (what it is, its format's version, the schema version
of the database it came from, when, each table's rows and id counter) and one `tables/NAME.jsonl`
per table: a line naming the columns, then one JSON array a row, in id order. Values are JSON
text, numbers, booleans and null; a time or a date is ISO 8601 text and a decimal is text, so what
is restored is exactly what was read, whichever database it goes to. Moving a team from a SQLite
file to a server is a backup of the one and a restore into the other.

A backup reads one snapshot (other sessions go on saving meanwhile) and writes the file under a
temporary name, private to its owner, then moves it into place (services/files.py): a backup cut
short leaves no half file. A restore fills an empty database in one transaction: cut short, it leaves the database
empty. Ids are kept, and so are the id counters (an id is never given twice, even one whose record
was deleted before the backup).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

from peewee import (
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    Model,
    SqliteDatabase,
    sort_models,
)

from crm_tui import __version__
from crm_tui.models import all_models, bulk
from crm_tui.models import db as dbmod
from crm_tui.models.schema import LATEST_VERSION, current_version
from crm_tui.services.errors import ServiceError
from crm_tui.services.files import replaced_whole

FORMAT = "crm-tui backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
READ_CHUNK = 5_000  # rows read at a time (keyset by id): memory stays flat on any table
WRITE_CHUNK = 2_000  # rows handed to the driver at a time

Progress = Callable[[str, int, int], None]  # (table, rows done, rows in it)


class BackupError(ServiceError):
    """A backup that cannot be written, or a file that cannot be restored (and why)."""


@dataclass(frozen=True)
class TableReport:
    table: str
    rows: int
    counter: int  # the highest id the table has ever given


@dataclass(frozen=True)
class Report:
    path: Path
    schema_version: int
    tables: tuple[TableReport, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


# -- the tables and their columns ------------------------------------------------------------------
def tables() -> list[type[Model]]:
    """Every table's model, those a table points at before it (a cycle is broken by late links)."""
    return list(sort_models(all_models()))


def _late_links(model: type[Model], placed: set[type[Model]]) -> list[ForeignKeyField]:
    """Links to rows that may not be restored yet: to the table itself (a parent account) or to a
    later table (an account's primary contact). They are written once every table is in."""
    return [f for f in model._meta.sorted_fields
            if isinstance(f, ForeignKeyField) and (f.rel_model is model or f.rel_model not in placed)]


def _encoder(field) -> Callable:
    if isinstance(field, (DateTimeField, DateField)):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, DecimalField):
        # At the column's own scale: SQLite gives 394000 back where PostgreSQL gives 394000.00,
        # and a backup of either must read the same.
        scale = Decimal(1).scaleb(-field.decimal_places) if field.decimal_places is not None else None
        return lambda v: None if v is None else str(Decimal(v).quantize(scale) if scale is not None else v)
    return lambda v: v


def _decoder(field) -> Callable:
    """From a backup's JSON value to what the database is given (the field's own db_value)."""
    to_db = field.db_value
    if isinstance(field, DateTimeField):
        return lambda v: None if v is None else to_db(dt.datetime.fromisoformat(v))
    if isinstance(field, DateField):
        return lambda v: None if v is None else to_db(dt.date.fromisoformat(v))
    if isinstance(field, DecimalField):
        return lambda v: None if v is None else to_db(Decimal(v))
    return lambda v: v


# -- id counters -------------------------------------------------------------------------------------
def _counter(db, table: str) -> int:
    """The highest id the table has given (its rows' and those of records deleted since)."""
    if isinstance(db, SqliteDatabase):
        row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return int(row[0]) if row else 0
    sequence = db.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{table}"',)).fetchone()[0]
    if sequence is None:
        return 0
    last, called = db.execute_sql(f"SELECT last_value, is_called FROM {sequence}").fetchone()
    return int(last) if called else int(last) - 1


def _set_counter(db, table: str, counter: int) -> None:
    highest = max(counter, db.execute_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0])
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        if highest:
            db.execute_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest))
        return
    sequence = db.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{table}"',)).fetchone()[0]
    if sequence is not None:  # setval(seq, 1, false): the next id is 1
        db.execute_sql("SELECT setval(%s, %s, %s)", (sequence, max(highest, 1), highest > 0))


# -- backup ----------------------------------------------------------------------------------------
def _rows_of(model: type[Model], fields: list) -> Iterator[tuple]:
    last = None
    while True:
        query = model.select(*fields).order_by(model.id).limit(READ_CHUNK)
        if last is not None:
            query = query.where(model.id > last)
        chunk = list(query.tuples())
        if not chunk:
            return
        yield from chunk
        last = chunk[-1][0]


def _snapshot(db):
    """One read transaction for every table: the backup is the database at one moment."""
    if isinstance(db, SqliteDatabase):
        return db.atomic(lock_type="DEFERRED")  # a reader: sessions saving meanwhile are not held up
    return db.atomic()


def backup(path: str | os.PathLike, progress: Progress | None = None) -> Report:
    """Write every table of the bound database to path (replacing a file there only once the new
    one is whole)."""
    target = Path(path)
    if target.is_dir():
        raise BackupError(f"{target} is a folder: name the backup file to write")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} does not exist")
    db = dbmod.database.obj
    reports = []
    with replaced_whole(target, "w+b") as raw, _snapshot(db), \
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        if not isinstance(db, SqliteDatabase):
            db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        version = current_version(db)
        for model in tables():
            reports.append(_write_table(archive, db, model, progress))
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": version,
            "written_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "written_by": f"crm-tui {__version__}",
            "tables": {t.table: {"rows": t.rows, "counter": t.counter} for t in reports},
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return Report(target, version, tuple(reports))


def _write_table(archive: zipfile.ZipFile, db, model: type[Model], progress: Progress | None) -> TableReport:
    table = model._meta.table_name
    fields = model._meta.sorted_fields
    total = model.select().count()
    encoders = [_encoder(f) for f in fields]
    written = 0
    with archive.open(f"tables/{table}.jsonl", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8",
                                                                             newline="\n") as out:
        out.write(json.dumps({"columns": [f.column_name for f in fields]}) + "\n")
        for row in _rows_of(model, fields):
            out.write(json.dumps([encode(v) for encode, v in zip(encoders, row)], ensure_ascii=False) + "\n")
            written += 1
            if progress and written % 50_000 == 0:
                progress(table, written, total)
    if progress:
        progress(table, written, written)
    return TableReport(table, written, max(_counter(db, table), 0))


# -- restore ---------------------------------------------------------------------------------------
def read_manifest(path: str | os.PathLike) -> dict:
    """The manifest of a backup file, checked to be one this crm-tui can restore."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, KeyError, ValueError, IsADirectoryError):
        raise BackupError(f"{path} is not a crm-tui backup (no readable {MANIFEST})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a crm-tui backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path} is a backup of format {manifest.get('format_version')}; "
                          f"this crm-tui reads format {FORMAT_VERSION}")
    if not _restorable_from(manifest.get("schema_version")):
        raise BackupError(
            f"{path} was written at schema version {manifest.get('schema_version')} and this crm-tui is at "
            f"version {LATEST_VERSION}: restore it with the crm-tui that wrote it, then open it with this one "
            "(which migrates it), and back it up again")
    return manifest


def _restorable_from(version: object) -> bool:
    """A backup of this schema, or of an older one whose every later step only adds what a
    restore fills by itself (a column left empty, search documents rebuilt): see the
    migrations' CARRIES_BACKUPS."""
    from crm_tui.models.migrations import STEPS

    if not isinstance(version, int) or version > LATEST_VERSION or version < 1:
        return False
    return all(getattr(step, "CARRIES_BACKUPS", False) for step in STEPS if step.VERSION > version)


# Tables a new database is given rows in (the shipped duplicate rules): a restore replaces them
# with the backup's, and keeps them when the backup is older than the table.
SEEDED = ("duplicate_rule",)
# Tables a later schema added that an older backup may lack: left empty by its restore.
ADDED_LATER = ("recent_record", "pinned_record", "team", "team_member", "queue", "queue_item",
               "queue_rule", *SEEDED)


def _holding_rows() -> list[str]:
    return [m._meta.table_name for m in tables() if m._meta.table_name not in SEEDED and m.select().exists()]


def restore(path: str | os.PathLike, progress: Progress | None = None) -> Report:
    """Fill the bound database, which must be empty, from a backup: all of it or nothing."""
    manifest = read_manifest(path)
    db = dbmod.database.obj
    if held := _holding_rows():
        raise BackupError(f"the database is not empty ({', '.join(held)} hold rows): restore fills an empty one")
    known = {m._meta.table_name: m for m in tables()}
    missing = set(known) - set(manifest["tables"]) - set(ADDED_LATER)
    unknown = set(manifest["tables"]) - set(known)
    if missing or unknown:
        raise BackupError(f"{path} does not hold this schema's tables "
                          f"(missing: {', '.join(sorted(missing)) or 'none'}; unknown: {', '.join(sorted(unknown)) or 'none'})")
    reports = []
    with zipfile.ZipFile(path) as archive, db.atomic():
        from crm_tui.services import global_search  # the search documents: rebuilt once at the end

        with global_search.bulk_load(), bulk.indexes_deferred(db, tuple(known)):
            placed: set[type[Model]] = set()
            later: list[tuple[type[Model], ForeignKeyField, list[tuple]]] = []
            for model in tables():
                placed.add(model)
                if model._meta.table_name not in manifest["tables"]:
                    continue  # an older backup: a table added since stays as made (empty, or the shipped rows)
                if model._meta.table_name in SEEDED:
                    model.delete().execute()
                rows, links = _read_table(archive, db, model, _late_links(model, placed), progress)
                expected = manifest["tables"][model._meta.table_name]["rows"]
                if rows != expected:
                    raise BackupError(f"{path}: {model._meta.table_name} holds {rows} rows, its manifest says {expected}")
                later += links
            for model, field, pairs in later:
                _write_links(db, model, field, pairs)
            for model in tables():
                table = model._meta.table_name
                if table not in manifest["tables"]:
                    continue
                _set_counter(db, table, int(manifest["tables"][table]["counter"]))
                reports.append(TableReport(table, manifest["tables"][table]["rows"], _counter(db, table)))
        from crm_tui.services import duplicates  # the restored rules' key indexes

        duplicates.sync_indexes()
    return Report(Path(path), LATEST_VERSION, tuple(reports))


def _read_table(archive: zipfile.ZipFile, db, model: type[Model], late: list[ForeignKeyField],
                progress: Progress | None) -> tuple[int, list]:
    """Insert a table's rows, its late links left empty: (rows, [(model, link, [(id, value)])])."""
    table = model._meta.table_name
    by_column = {f.column_name: f for f in model._meta.sorted_fields}
    try:
        member = archive.open(f"tables/{table}.jsonl")
    except KeyError:
        raise BackupError(f"the backup has no rows file for {table}") from None
    with member as raw, io.TextIOWrapper(raw, encoding="utf-8") as lines:
        columns = json.loads(next(lines))["columns"]
        added = set(by_column) - set(columns)  # columns a later schema added: left empty
        if not set(columns) <= set(by_column) or any(not by_column[c].null for c in added):
            raise BackupError(f"{table}'s columns in the backup are not this schema's")
        fields = [by_column[c] for c in columns]
        decoders = [_decoder(f) for f in fields]
        id_at = columns.index(model.id.column_name)
        late_at = {columns.index(f.column_name): f for f in late}
        links: dict[ForeignKeyField, list[tuple]] = {f: [] for f in late}
        write = bulk.rows_writer(db, table, columns)
        batch, count = [], 0
        for line in lines:
            values = [decode(v) for decode, v in zip(decoders, json.loads(line))]
            for at, field in late_at.items():
                if values[at] is not None:
                    links[field].append((values[id_at], values[at]))
                    values[at] = None
            batch.append(values)
            if len(batch) == WRITE_CHUNK:
                write(batch)
                count += len(batch)
                batch = []
                if progress and count % 50_000 < WRITE_CHUNK:
                    progress(table, count, 0)
        if batch:
            write(batch)
            count += len(batch)
    if progress:
        progress(table, count, count)
    return count, [(model, field, pairs) for field, pairs in links.items() if pairs]


def _write_links(db, model: type[Model], field: ForeignKeyField, pairs: list[tuple]) -> None:
    table, column = model._meta.table_name, field.column_name
    if isinstance(db, SqliteDatabase):
        db.cursor().executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', [(v, i) for i, v in pairs])
        return
    for start in range(0, len(pairs), 1000):  # one statement a thousand rows, not a round trip a row
        chunk = pairs[start:start + 1000]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        db.execute_sql(f'UPDATE "{table}" AS t SET "{column}" = v.value FROM (VALUES {values}) AS v(id, value) '
                       "WHERE t.id = v.id", [x for pair in chunk for x in pair])
