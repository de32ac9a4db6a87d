"""The connections worker threads use (services/database.connection): a SQLite file's is kept
for the thread's next call, and never outlives a fault or the database it was opened on."""

from __future__ import annotations

import threading

import peewee
import pytest

from crm_tui.models import Account
from crm_tui.models import db as dbmod
from crm_tui.services import database
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import DatabaseTrouble
from crm_tui.services.users import ensure_user
from tests.conftest import _fresh_postgres
from tests.databases import migrated


def in_a_thread(work):
    """work() run in a thread of its own, as a worker runs; its result (or its error) back."""
    result = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:  # handed back to the test
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if "error" in result:
        raise result["error"]
    return result["value"]


def _connection_now():
    return dbmod.database.obj._state.conn


def test_a_threads_sqlite_connection_serves_its_next_call_and_a_fault_closes_it(tmp_path):
    with migrated(str(tmp_path / "crm.sqlite")):
        def calls():
            seen = []
            for _ in range(2):
                with database.connection():
                    Account.select().count()
                    seen.append(_connection_now())
            with pytest.raises(DatabaseTrouble):
                with database.connection():
                    raise peewee.OperationalError("disk I/O error")
            closed = dbmod.database.is_closed()
            with database.connection():
                Account.select().count()
                seen.append(_connection_now())
            return seen, closed

        seen, closed_after_fault = in_a_thread(calls)
        assert seen[0] is seen[1]  # kept: no second open and pragmas
        assert closed_after_fault and seen[2] is not seen[0]


def test_a_kept_connection_never_reads_a_database_bound_after_it(tmp_path):
    first, second = str(tmp_path / "first.sqlite"), str(tmp_path / "second.sqlite")
    for url, name in ((first, "In the first"), (second, "In the second")):
        with migrated(url):
            accounts.create(ensure_user("tester", "Test User"), {"name": name})

    def names():
        with database.connection():
            return [a.name for a in Account.select()]

    worker = threading.Thread  # one long-lived thread, as the pool's are
    answers, turn, done = [], threading.Event(), threading.Event()

    def serve() -> None:
        for _ in range(2):
            turn.wait(30)
            turn.clear()
            answers.append(names())
            done.set()

    thread = worker(target=serve)
    thread.start()
    try:
        for url in (first, second):
            database.attach(url)
            done.clear()
            turn.set()
            assert done.wait(30)
    finally:
        thread.join(30)
        database.close()
    assert answers == [["In the first"], ["In the second"]]


@pytest.mark.postgres
def test_a_server_connection_is_closed_after_each_call(postgres_server):
    url = postgres_server.url()
    with migrated(url):
        def call():
            with database.connection():
                Account.select().count()
            return dbmod.database.is_closed()

        assert in_a_thread(call)


@pytest.mark.postgres
def test_a_direct_server_connection_prepares_what_it_runs_again_unless_told_not_to(postgres_server):
    """Prepared after PREPARE_AFTER runs, and the answers stay right after the server plans once
    for any values (a pooler in between: tests/test_pgbouncer.py)."""
    from crm_tui.services import global_search, search

    _fresh_postgres(postgres_server)
    url = postgres_server.url()
    with migrated(url):
        actor = ensure_user("tester", "Test User")
        assert dbmod.database.connection().prepare_threshold == dbmod.PREPARE_AFTER
        for n in range(3):
            accounts.create(actor, {"name": f"Prepared {n}"})
        for _ in range(dbmod.PREPARE_AFTER + 5):  # a list page and a search, again and again
            assert [h.title for h in global_search.find("prep").hits] == ["Prepared 0", "Prepared 1", "Prepared 2"]
            assert Account.get(Account.name == "Prepared 2").name == "Prepared 2"
        for _ in range(dbmod.PREPARE_AFTER + 10):  # find as you type, each keystroke another prefix
            for prefix in ("p", "pr", "pre"):
                assert [h.title for h in search.find_records(prefix)][:1] == ["Prepared 0"]
        plans = dbmod.database.execute_sql("SELECT statement, generic_plans FROM pg_prepared_statements").fetchall()
        assert any(generic for statement, generic in plans if "sort_name" in statement)  # planned once, any prefix
    for choice, threshold in (("off", None), ("on", dbmod.PREPARE_AFTER), ("OFF", None)):
        with migrated(f"{url}?prepare={choice}"):
            assert dbmod.database.connection().prepare_threshold == threshold
    with pytest.raises(dbmod.DatabaseUrlError, match="prepare=sometimes"):
        dbmod.make_database(f"{url}?prepare=sometimes")
