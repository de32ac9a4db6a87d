"""Opening a fresh, migrated test database and closing it afterwards."""

import shutil
from contextlib import contextmanager
from pathlib import Path

from crm_tui.models import db as dbmod
from crm_tui.services import database


@contextmanager
def migrated(url: str):
    database.open_database(url)
    try:
        yield url
    finally:
        database.close()


def migrated_template(path: Path) -> Path:
    """A SQLite file migrated to the latest schema, whole in its one file (its write-ahead log
    copied in), to be copied for each test: migrating anew took some 0.2 s a test."""
    with migrated(str(path)):
        dbmod.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def sqlite_copy(template: Path, path: Path) -> str:
    """A fresh migrated SQLite file at path, private as the app makes one (0600, copied with the
    template's mode)."""
    shutil.copy2(template, path)
    return str(path)
