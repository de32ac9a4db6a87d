"""Opening the database for the app, the CLI and the tests."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path

from platformdirs import user_data_path

from crm_tui.models import Account, Contact, schema
from crm_tui.models import db as dbmod
from crm_tui.models.schema import MigrationReport, SchemaTooNewError  # noqa: F401 (re-exported)

ENV_VAR = "CRM_TUI_DB"


def data_dir() -> Path:
    return user_data_path("crm-tui", appauthor=False)


def default_url() -> str:
    return str(data_dir() / "crm.sqlite")


def demo_url() -> str:
    return str(data_dir() / "demo.sqlite")


def resolve_url(cli_value: str | None) -> str:
    """--db wins, then CRM_TUI_DB, then the SQLite file in the user's data folder."""
    return cli_value or os.environ.get(ENV_VAR) or default_url()


def open_database(url: str) -> MigrationReport:
    """Bind the models to the database at url and bring its schema up to date.

    Raises SchemaTooNewError for a database written by a newer crm-tui.
    """
    db = dbmod.bind(url)
    with db.connection_context():
        return schema.migrate(db)


def connection() -> AbstractContextManager:
    """A connection for the calling thread, closed at the end (for worker threads)."""
    return dbmod.database.connection_context()


def close() -> None:
    if dbmod.database.obj is not None and not dbmod.database.is_closed():
        dbmod.database.close()


def is_empty() -> bool:
    return not Account.select().exists() and not Contact.select().exists()
