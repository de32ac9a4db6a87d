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


@pytest.mark.postgres
def test_a_list_page_and_both_searches_are_planned_once_for_any_key_or_prefix(postgres_server):
    """With thousands of rows the server judged a plan made for any key dearer than one made for
    each (LIMIT a parameter; the key's bounds read from statistics), and planned every page again:
    half a page's time. Now the bounds are known only at run time and the LIMIT is written in."""
    from crm_tui.core.fields import sort_key
    from crm_tui.core.list_types import ListQuery
    from crm_tui.services import global_search, listing, search

    _fresh_postgres(postgres_server)
    with migrated(postgres_server.url()):
        actor = ensure_user("tester", "Test User")
        names = [f"{word} {n:05}" for n in range(2000) for word in ("Alder", "Birch", "Cedar", "Damson")]
        rows = [{"name": name, "sort_name": sort_key(name), "state": "active", "owner": actor.id,
                 "created_by": actor.id, "modified_by": actor.id} for name in names]
        for start in range(0, len(rows), 1000):
            Account.insert_many(rows[start:start + 1000]).execute()
        dbmod.database.execute_sql("ANALYZE")
        accounts_list = ListQuery("account", state=None)
        keys = [(row[1], row[0]) for row in listing.page(accounts_list, limit=len(names))[::500]]
        prefixes = ("a", "al", "b", "bi", "c", "ce", "d", "da", "alder 0", "cedar 01", "birch 01", "damson 00")
        for n in range(dbmod.PREPARE_AFTER * 3):
            assert len(listing.page(accounts_list, after=keys[n % len(keys)])) == 50
            assert search.find_records(prefixes[n % len(prefixes)])
            assert global_search.find(prefixes[n % len(prefixes)]).hits
        plans = dbmod.database.execute_sql("SELECT statement, generic_plans FROM pg_prepared_statements").fetchall()

    def planned_once(marker: str) -> bool:
        return any(generic for statement, generic in plans if marker in statement)

    assert planned_once('ORDER BY "t1"."sort_name", "t1"."id" LIMIT 50'), plans  # a page after a key
    assert planned_once('"sort_name" < (SELECT'), plans  # find as you type
    assert planned_once("search_account_words"), plans  # search everywhere


@pytest.mark.postgres
def test_a_busy_accounts_timeline_keeps_a_plan_made_for_its_own_rows(postgres_server):
    """A plan for any account expects an account's average few entries, and gathered and sorted
    all of a busy one's (12,000 on the large set: 6 ms a page). The account is written into the
    statement, so the plan the server keeps reads its entries in order and stops at the page."""
    from crm_tui.core.list_types import timeline_of
    from crm_tui.models import Activity
    from crm_tui.services import listing

    _fresh_postgres(postgres_server)
    with migrated(postgres_server.url()):
        actor = ensure_user("tester", "Test User")
        busy = accounts.create(actor, {"name": "Busy Traders"})
        common = {"kind": "note", "regarding_type": "account", "state": "completed", "owner": actor.id,
                  "created_by": actor.id, "modified_by": actor.id}
        rows = [{**common, "subject": f"Busy note {n}", "regarding_id": busy.id, "rollup_account": busy.id}
                for n in range(3000)]
        rows += [{**common, "subject": f"Quiet note {n}", "regarding_id": 100_000 + n // 2,
                  "rollup_account": 100_000 + n // 2} for n in range(6000)]
        for start in range(0, len(rows), 1000):
            Activity.insert_many(rows[start:start + 1000]).execute()
        dbmod.database.execute_sql("ANALYZE activity")
        rolled = timeline_of(("account", busy.id), rollup=True)
        for _ in range(dbmod.PREPARE_AFTER * 3):
            assert len(listing.page(rolled)) == 50
        (name, generic, parameters), = dbmod.database.execute_sql(
            "SELECT name, generic_plans, cardinality(parameter_types) FROM pg_prepared_statements "
            "WHERE statement LIKE %s", ("%rollup_account%LIMIT 50",)).fetchall()
        values = f"({busy.id})" if parameters else ""  # were the account a parameter, it alone
        plan = " ".join(row[0] for row in dbmod.database.execute_sql(f"EXPLAIN EXECUTE {name}{values}").fetchall())
    assert generic, plan  # kept
    assert "Index Scan Backward" in plan and "Sort" not in plan, plan  # newest first, from the index
