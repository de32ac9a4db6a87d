"""Shared fixtures: a fresh migrated database per test, and the user who works in it.

Service tests run on SQLite and on PostgreSQL (a private server the session starts);
where PostgreSQL cannot start here, its runs are skipped with the reason.
"""

from __future__ import annotations

import pytest

from crm_tui.models import db as dbmod
from crm_tui.services.users import ensure_user
from tests.databases import migrated, migrated_template, postgres_copy, postgres_template, sqlite_copy
from tests.pg_server import PostgresServer, PostgresUnavailable


@pytest.fixture(scope="session")
def postgres_server():
    try:
        server = PostgresServer()
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL unavailable: {reason}")
    yield server
    server.stop()


def _fresh_postgres(server: PostgresServer) -> str:
    url = server.url()
    db = dbmod.make_database(url)
    db.execute_sql("DROP SCHEMA public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """One SQLite file migrated a session; each test's database is a copy of it."""
    return migrated_template(tmp_path_factory.mktemp("template") / "crm.sqlite")


@pytest.fixture(scope="session")
def postgres_migrated(postgres_server) -> str:
    """One PostgreSQL database migrated a session; each test's database is a copy of it (0.06 s,
    where migrating anew took 0.5 s a test)."""
    return postgres_template(postgres_server)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, sqlite_template) -> str:
    """A fresh, migrated database (SQLite: a file, since an in-memory one is per thread)."""
    if request.param == "postgres":
        url = postgres_copy(request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_migrated"))
    else:
        url = sqlite_copy(sqlite_template, tmp_path / "crm.sqlite")
    with migrated(url):
        yield url


@pytest.fixture
def actor(db_url):
    return ensure_user("tester", "Test User")


@pytest.fixture
def other_user(db_url):
    return ensure_user("colleague", "Cole League")


@pytest.fixture(autouse=True)
def default_names():
    """The organisation's names are process-wide: a test that sets some leaves none behind."""
    yield
    from crm_tui.core.record_type import set_names

    set_names({}, {})
