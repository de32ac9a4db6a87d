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


POSTGRES_TEMPLATE, POSTGRES_TEST = "crm_template", "crm_test"


def _on_server(server, *statements: str) -> None:
    """Statements run from the server's own database (one cannot drop or copy the database it is in)."""
    admin = dbmod.make_database(server.url())
    try:
        for statement in statements:
            admin.execute_sql(statement)
    finally:
        admin.close_all()


def postgres_template(server) -> str:
    """A database on the server migrated to the latest schema, to be copied for each test (its
    connections all closed: a template may have none)."""
    _on_server(server, f"DROP DATABASE IF EXISTS {POSTGRES_TEMPLATE} WITH (FORCE)",
               f"CREATE DATABASE {POSTGRES_TEMPLATE}")
    with migrated(server.url(POSTGRES_TEMPLATE)):
        pass
    return POSTGRES_TEMPLATE


def postgres_copy(server, template: str) -> str:
    """A fresh migrated database copied from the template, file by file (the server's default
    copies through its log: slower for a small database), whatever was left connected to the last
    one dropped."""
    _on_server(server, f"DROP DATABASE IF EXISTS {POSTGRES_TEST} WITH (FORCE)",
               f"CREATE DATABASE {POSTGRES_TEST} TEMPLATE {template} STRATEGY FILE_COPY")
    return server.url(POSTGRES_TEST)
