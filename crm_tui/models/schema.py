"""Schema versions: what a database holds, what is pending, and applying it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, IntegerField, Model, SqliteDatabase

from crm_tui.models.migrations import STEPS

LATEST_VERSION = STEPS[-1].VERSION


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer crm-tui than this one."""


@dataclass(frozen=True)
class MigrationReport:
    from_version: int
    to_version: int
    applied: tuple[str, ...]
    backup: Path | None


def _version_table(db: Database) -> type[Model]:
    class SchemaVersion(Model):
        version = IntegerField()

        class Meta:
            database = db
            table_name = "crm_schema_version"

    return SchemaVersion


def current_version(db: Database) -> int:
    """The schema version stored in the database (0 for an empty one)."""
    table = _version_table(db)
    if not table.table_exists():
        return 0
    row = table.select().order_by(table.version.desc()).first()
    return row.version if row else 0


def pending(db: Database) -> list:
    version = current_version(db)
    if version > LATEST_VERSION:
        raise SchemaTooNewError(
            f"This database is at schema version {version}, but this crm-tui only knows up to "
            f"version {LATEST_VERSION}. Upgrade crm-tui to open it; nothing was changed."
        )
    return [step for step in STEPS if step.VERSION > version]


def _backup_sqlite(db: SqliteDatabase, version: int) -> Path | None:
    """Copy a SQLite file aside before migrating it; an empty database needs no copy."""
    path = Path(db.database)
    if version == 0 or not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    # Private from its first byte: made empty with mode 0600, which VACUUM INTO then fills (a
    # copy made by VACUUM INTO alone is readable by all until chmod, for as long as it writes).
    os.close(os.open(backup, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    # VACUUM INTO writes a consistent copy even while the WAL holds pages.
    db.execute_sql("VACUUM INTO ?", (str(backup),))
    return backup


def migrate(db: Database) -> MigrationReport:
    """Apply every pending migration, each in its own transaction (another process migrating at
    the same moment waits, then finds the step done)."""
    start = current_version(db)
    steps = pending(db)
    sqlite = isinstance(db, SqliteDatabase)
    backup = _backup_sqlite(db, start) if steps and sqlite else None
    table = _version_table(db)
    applied = []
    if steps and sqlite:  # a step may rebuild a table others point at (SQLite's own recipe)
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        for step in steps:
            with db.atomic():
                if current_version(db) >= step.VERSION:
                    continue
                db.create_tables([table])
                step.up(db)
                if sqlite and (broken := db.execute_sql("PRAGMA foreign_key_check").fetchall()):
                    raise RuntimeError(f"migration {step.VERSION} would break references: {broken[:5]}")
                table.delete().execute()
                table.create(version=step.VERSION)
            applied.append(f"{step.VERSION}: {step.TITLE}")
    finally:
        if steps and sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")
    if applied and sqlite:
        _analyze_new_indexes(db)
    return MigrationReport(start, current_version(db), tuple(applied), backup)


def _analyze_new_indexes(db: SqliteDatabase) -> None:
    """Statistics for the indexes a migration made on a table that has them for its others: one
    with none beside indexes with some can turn SQLite's planner around (a list page of the large
    set sorted 78,679 rows for 50). A database never analyzed is left so: its guesses are uniform."""
    if not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        return
    missing = db.execute_sql(
        "SELECT i.name FROM sqlite_master AS i WHERE i.type = 'index' AND i.sql IS NOT NULL"
        " AND i.tbl_name IN (SELECT tbl FROM sqlite_stat1)"
        " AND i.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)").fetchall()
    for (name,) in missing:
        db.execute_sql(f'ANALYZE "{name}"')
