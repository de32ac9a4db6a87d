"""Opening a fresh, migrated test database and closing it afterwards."""

from contextlib import contextmanager

from crm_tui.services import database


@contextmanager
def migrated(url: str):
    database.open_database(url)
    try:
        yield url
    finally:
        database.close()
