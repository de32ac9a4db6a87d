"""Shared fixtures: a fresh migrated database per test, and the user who works in it."""

from __future__ import annotations

import pytest

from crm_tui.services import database
from crm_tui.services.users import ensure_user


@pytest.fixture
def db_url(tmp_path) -> str:
    """A fresh, migrated SQLite file (an in-memory database would be per thread)."""
    url = str(tmp_path / "crm.sqlite")
    database.open_database(url)
    yield url
    database.close()


@pytest.fixture
def actor(db_url):
    return ensure_user("tester", "Test User")


@pytest.fixture
def other_user(db_url):
    return ensure_user("colleague", "Cole League")
