"""Sessions saving the same records at once wait for each other: nothing is lost, nothing fails
for a lock (SQLite takes its write lock when a save begins; both databases retry a conflict)."""

import sqlite3
import threading
import time

import pytest

from crm_tui.models import db as dbmod
from crm_tui.services import database
from crm_tui.services.customers.accounts import AccountService
from crm_tui.services.errors import DatabaseTrouble
from crm_tui.services.users import ensure_user
from crm_tui.tools import contention
from tests.databases import migrated


def test_eight_processes_incrementing_the_same_records_lose_nothing_and_never_fail_for_a_lock(db_url, actor):
    report = contention.measure(db_url, processes=8, increments=25, records=3)
    assert report.lock_errors == 0
    assert report.lost == 0
    assert report.counted == 8 * 25


def _hold_write_lock(path: str, seconds: float) -> threading.Thread:
    """Another session in the middle of a long save: it holds SQLite's write lock for seconds."""
    locked = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE account SET name = name")
        locked.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(5)
    return thread


@pytest.fixture
def sqlite_url(tmp_path):
    url = str(tmp_path / "crm.sqlite")
    with migrated(url):
        yield url


def test_a_save_waits_for_another_sessions_write_to_finish(sqlite_url):
    actor = ensure_user("tester")
    account = AccountService().create(actor, {"name": "Waiting GmbH"})
    holder = _hold_write_lock(sqlite_url, 1.0)
    started = time.perf_counter()
    with database.connection():
        AccountService().update(actor, account.id, {"city": "Kiel"}, account.version)
    holder.join()
    assert time.perf_counter() - started >= 0.5  # it waited, and then it saved
    assert AccountService().get(account.id).city == "Kiel"


def test_a_lock_held_past_the_wait_is_a_sentence_and_saves_nothing(sqlite_url, monkeypatch):
    monkeypatch.setattr(dbmod, "BUSY_SECONDS", 0.3)
    database.close()
    dbmod.bind(sqlite_url)
    actor = ensure_user("tester")
    account = AccountService().create(actor, {"name": "Busy AG"})
    holder = _hold_write_lock(sqlite_url, 1.5)
    with pytest.raises(DatabaseTrouble, match="kept the database busy") as refused:
        with database.connection():
            AccountService().update(actor, account.id, {"city": "Kiel"}, account.version)
    holder.join()
    assert "locked" not in str(refused.value)
    assert AccountService().get(account.id).city is None


@pytest.mark.postgres
def test_a_postgresql_outage_is_a_sentence_and_work_goes_on_once_it_is_back(postgres_server, db_url, actor):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    account = AccountService().create(actor, {"name": "Outage Proof"})
    database.close()
    postgres_server.halt()
    try:
        with pytest.raises(DatabaseTrouble, match="cannot be reached"):
            with database.connection():
                AccountService().update(actor, account.id, {"city": "Kiel"}, account.version)
    finally:
        postgres_server.start()
    with database.connection():  # nothing to do by hand: the next call connects again
        AccountService().update(actor, account.id, {"city": "Kiel"}, account.version)
    assert AccountService().get(account.id).city == "Kiel"


def test_a_full_disk_is_a_sentence_and_saves_nothing(sqlite_url):
    actor = ensure_user("tester")
    kept = AccountService().create(actor, {"name": "Before The Disk Filled"})
    pages = dbmod.database.execute_sql("PRAGMA page_count").fetchone()[0]
    dbmod.database.execute_sql(f"PRAGMA max_page_count = {pages}")  # the file may grow no more: a full disk
    with pytest.raises(DatabaseTrouble, match="full") as refused:
        with database.connection():
            for n in range(200):
                AccountService().create(actor, {"name": f"Filler {n}", "description": "x" * 4000})
    assert "rollback" not in str(refused.value) and "no transaction" not in str(refused.value)
    assert AccountService().get(kept.id).name == "Before The Disk Filled"
