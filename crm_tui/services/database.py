"""Opening the database for the app, the CLI and the tests."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from crm_tui.models import Account, Contact, schema
from crm_tui.models import db as dbmod
from crm_tui.models.schema import MigrationReport, SchemaTooNewError  # noqa: F401 (re-exported)
from crm_tui.services import db_faults
from crm_tui.paths import DB_ENV, data_dir, default_url, demo_url, resolve_url  # noqa: F401 (re-exported)

ENV_VAR = DB_ENV


def open_database(url: str) -> MigrationReport:
    """Bind the models to the database at url and bring its schema up to date.

    Raises SchemaTooNewError for a database written by a newer crm-tui.
    """
    db = dbmod.bind(url)
    with db.connection_context():
        return schema.migrate(db)


def attach(url: str) -> None:
    """Bind the models to the database at url, leaving its schema alone (for a process whose
    database another process has just opened with open_database)."""
    dbmod.bind(url)


@contextmanager
def connection() -> Iterator[None]:
    """A connection for the calling thread, closed at the end (for worker threads); a fault of
    the database inside is raised as a DatabaseTrouble saying what happened."""
    with db_faults.translated(), dbmod.database.connection_context():
        yield


def close() -> None:
    if dbmod.database.obj is not None and not dbmod.database.is_closed():
        dbmod.database.close()


def is_empty() -> bool:
    return not Account.select().exists() and not Contact.select().exists()
