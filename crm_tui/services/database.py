"""Opening the database for the app, the CLI and the tests."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from peewee import DatabaseError, SqliteDatabase

from crm_tui.models import Account, Contact
from crm_tui.models import db as dbmod
from crm_tui.models import schema
from crm_tui.models.schema import MigrationReport, SchemaTooNewError  # noqa: F401 (re-exported)
from crm_tui.paths import DB_ENV, data_dir, default_url, demo_url, resolve_url  # noqa: F401 (re-exported)
from crm_tui.services import db_faults

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
    """A connection for the calling thread (for worker threads); a fault of the database inside
    is raised as a DatabaseTrouble saying what happened.

    A SQLite file's connection stays open for the thread's next call: opening one and setting
    its pragmas cost 1.3 ms, a third of reading a record (models/db.py keeps each one's page
    cache small: a worker thread each, they would hold it all). A fault closes it, so the next call
    starts afresh; binding another database (dbmod.bind) makes a new Database, whose threads all
    connect anew. A server's connection is opened and closed each time: one kept idle can be cut
    by the server, and the next call would fail for it."""
    db = dbmod.database.obj
    if not isinstance(db, SqliteDatabase):
        with db_faults.translated(), dbmod.database.connection_context():
            yield
        return
    with db_faults.translated():
        if db.is_closed():
            db.connect()
        try:
            yield
        except Exception as error:
            if isinstance(error, DatabaseError) or db_faults.is_fault(error):
                db.close()  # it may be unusable now: the next call opens another
            raise


def close() -> None:
    """The calling thread's connection closed; and a server's pool emptied, every connection in
    it closed (so the server may drop or restore the database)."""
    db = dbmod.database.obj
    if db is None:
        return
    if not db.is_closed():
        db.close()
    if hasattr(db, "close_all"):
        db.close_all()


def is_empty() -> bool:
    return not Account.select().exists() and not Contact.select().exists()
