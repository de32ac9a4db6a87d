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
        if dbmod.is_read_only():  # browse it as it is: migrating would write
            version = schema.current_version(db)
            if schema.pending(db):
                raise ReadOnlyOutdatedError(
                    f"{url} is at schema version {version} and needs migrating to {schema.LATEST_VERSION}, "
                    "which needs write access to the file and its folder; nothing was changed.")
            return MigrationReport(version, version, (), None)
        return schema.migrate(db)


class ReadOnlyOutdatedError(RuntimeError):
    """A database this user may only read is older than this crm-tui: it cannot be migrated."""


def is_read_only() -> bool:
    """The bound database is a SQLite file this user may only read (saves are refused)."""
    return dbmod.is_read_only()


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
