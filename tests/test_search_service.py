"""Search everywhere through the service, on both databases: prefixes of names, emails and
phones, every searched record type, and an index that follows each write."""

from __future__ import annotations

import pytest

from crm_tui.core.types.case import case_number
from crm_tui.services import global_search, search
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.services.users import ensure_user


def _titles(text: str, record_type: str | None = None) -> list[str]:
    results = global_search.find(text)
    return [h.title for h in (results.of(record_type) if record_type else results.hits)]


def test_finds_people_by_the_start_of_a_name_an_email_or_a_phone(actor):
    contacts.create(actor, {"first_name": "Janet", "last_name": "Okonkwo", "email": "janet.okonkwo@fabrikam.example",
                            "mobile_phone": "+1 (206) 555-0134"})
    contacts.create(actor, {"first_name": "Jan", "last_name": "Novak", "email": "jn@contoso.example"})
    assert _titles("okon") == ["Janet Okonkwo"]
    assert _titles("jan") == ["Jan Novak", "Janet Okonkwo"]  # by name within a group
    assert _titles("janet.ok") == ["Janet Okonkwo"]  # an email's start
    assert _titles("fabrik") == ["Janet Okonkwo"]  # a word inside the email
    assert _titles("206 555") == ["Janet Okonkwo"]  # a phone as written
    assert _titles("2065550") == ["Janet Okonkwo"]  # ... or as digits alone
    assert _titles("+1206555") == ["Janet Okonkwo"]  # ... with the country code
    assert _titles("JAN nov") == ["Jan Novak"]  # every word must match, any case
    assert _titles("zz") == [] and _titles("  ") == [] and _titles("!!") == []
    contacts.create(actor, {"first_name": "Jürgen", "last_name": "Weiß"})
    from crm_tui.models.db import is_sqlite
    if is_sqlite():  # PostgreSQL splits words by its database's locale: this test server's is C
        assert _titles("weiß") == ["Jürgen Weiß"] and _titles("JÜRG") == ["Jürgen Weiß"]


def test_every_record_type_is_searched_and_grouped_in_order(actor):
    acme = accounts.create(actor, {"name": "Northwind Traders", "phone": "+44 20 7946 0000"})
    contacts.create(actor, {"first_name": "Nora", "last_name": "North"})
    leads.create(actor, {"topic": "Northern office fit-out", "last_name": "Ng", "company_name": "Norsk AS"})
    opportunities.create(actor, {"topic": "North region renewal", "customer": ("account", acme.id)})
    case = cases.create(actor, {"title": "Northwind cannot log in", "customer": ("account", acme.id)})
    results = global_search.find("nor")
    assert [h.record_type for h in results.hits] == ["account", "contact", "lead", "opportunity", "case"]
    assert results.of("case")[0].title == f"{case_number(case.id)} Northwind cannot log in"
    assert _titles(case_number(case.id), "case") == [f"{case_number(case.id)} Northwind cannot log in"]
    assert _titles(str(case.id), "case")[0].startswith(case_number(case.id))


def test_the_index_follows_creating_renaming_and_deleting(actor):
    account = accounts.create(actor, {"name": "Quokka Analytics"})
    assert _titles("quok") == ["Quokka Analytics"]
    accounts.update(actor, account.id, {"name": "Wombat Analytics"}, account.version)
    assert _titles("quok") == []
    assert _titles("womb") == ["Wombat Analytics"]
    assert _titles("analyt") == ["Wombat Analytics"]
    accounts.delete(actor, account.id)
    assert _titles("womb") == [] and _titles("analyt") == []


def test_many_matches_are_capped_per_record_type(actor):
    for n in range(12):
        accounts.create(actor, {"name": f"Tailspin {n:02d}"})
    results = global_search.find("tail", per_type=5)
    assert [h.title for h in results.hits] == [f"Tailspin {n:02d}" for n in range(5)]


def _statements_of(fn) -> list[tuple[str, tuple]]:
    """The statements fn sends to the database, with their parameters."""
    from crm_tui.models import database

    asked = []
    execute = type(database.obj).execute_sql

    def noting(self, sql, params=None, *args, **kwargs):
        asked.append((sql, params))
        return execute(self, sql, params, *args, **kwargs)

    type(database.obj).execute_sql = noting
    try:
        fn()
    finally:
        type(database.obj).execute_sql = execute
    return asked


def _analysed_plan(sql: str, params) -> str:
    from crm_tui.models import database

    return "\n".join(row[0] for row in database.execute_sql("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params).fetchall())


def test_on_postgresql_a_rare_prefix_is_answered_by_the_index_of_the_stored_document(actor, db_url):
    """The table's first rows hold too few matches: the GIN index on the stored document answers,
    in the one statement that reads the record type's hits."""
    from crm_tui.models import database
    from crm_tui.models.db import is_sqlite

    if is_sqlite():
        return  # SQLite reads its FTS5 tables, which are the index
    contacts.create(actor, {"first_name": "Janet", "last_name": "Okonkwo"})
    asked = _statements_of(lambda: _titles("okon") == ["Janet Okonkwo"])
    assert _titles("okon") == ["Janet Okonkwo"]
    assert len(asked) == len(global_search.searched())  # a statement a record type: candidates and read in one
    read = [(sql, params) for sql, params in asked if sql.startswith('SELECT "t1"."id"') and 'FROM "contact"' in sql]
    assert len(read) == 1
    database.execute_sql("SET enable_seqscan = off")  # a tiny table would be scanned otherwise
    try:
        plan = _analysed_plan(*read[0])
    finally:
        database.execute_sql("SET enable_seqscan = on")
    assert "search_contact_doc" in plan and "search_doc @@" in plan  # the stored document, through its index
    assert "CTE Scan on hits (actual" in plan  # the index was asked


def test_on_postgresql_a_common_prefix_is_answered_by_the_first_rows_without_the_index(actor, db_url):
    """A prefix the first rows match often enough: they answer, and the index is never asked."""
    from crm_tui.models.db import is_sqlite
    from crm_tui.services.hits import CANDIDATES

    if is_sqlite():
        return
    for n in range(CANDIDATES + 5):
        accounts.create(actor, {"name": f"Tailspin {n:03d}"})
    asked = _statements_of(lambda: global_search.find("tail", record_types=("account",)))
    assert len(asked) == 1
    plan = _analysed_plan(*asked[0])
    assert "CTE Scan on hits (never executed)" in plan and "CTE Scan on head " in plan
    assert [h.title for h in global_search.find("tail", per_type=3).hits] == ["Tailspin 000", "Tailspin 001",
                                                                               "Tailspin 002"]


def test_on_postgresql_the_search_indexes_keep_no_pending_list(actor, db_url):
    """GIN's pending list (read whole by every search until a vacuum merges it) is off, however the
    index was made: by the migrations, and again after a bulk load."""
    from crm_tui.models import database
    from crm_tui.models.db import is_sqlite

    if is_sqlite():
        return

    names = {f"search_{doc.table}_doc" for doc in global_search._documents().values()}

    def settings() -> dict[str, list]:
        rows = database.execute_sql("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", (list(names),))
        return {name: options for name, options in rows.fetchall()}

    assert set(settings()) == names and all(o == ["fastupdate=off"] for o in settings().values())
    with database.atomic():
        with global_search.bulk_load():
            assert settings() == {}  # dropped for the load, built once after it
            accounts.create(actor, {"name": "Bulk Loaded"})
    assert set(settings()) == names and all(o == ["fastupdate=off"] for o in settings().values())
    assert _titles("bulk") == ["Bulk Loaded"]


def test_a_bulk_load_that_fails_is_rolled_back_with_its_suspended_index_and_says_why(actor, db_url):
    from crm_tui.models import database

    with pytest.raises(RuntimeError, match="in a transaction"):
        with global_search.bulk_load():
            pass
    with pytest.raises(ZeroDivisionError):
        with database.atomic():
            with global_search.bulk_load():
                accounts.create(actor, {"name": "Never Kept"})
                1 / 0
    accounts.create(actor, {"name": "Kept Afterwards"})
    assert _titles("never") == [] and _titles("kept") == ["Kept Afterwards"]  # the index is whole


def test_a_phone_is_found_without_its_area_code_and_in_national_form(actor):
    accounts.create(actor, {"name": "Adventure Works", "phone": "+1 555-662-3146"})
    accounts.create(actor, {"name": "Berlin Bikes", "phone": "+49 30 7654321"})
    contacts.create(actor, {"first_name": "Ida", "last_name": "Holm", "business_phone": "(206) 555-0134"})
    assert _titles("6623146") == ["Adventure Works"]  # the local number, without the area code
    assert _titles("662-3146") == ["Adventure Works"]
    assert _titles("030 7654321") == ["Berlin Bikes"]  # national form: the trunk 0 and the area code
    assert _titles("0049 30 765") == ["Berlin Bikes"]  # 00 for the +
    assert _titles("7654321") == ["Berlin Bikes"]
    assert _titles("5550134") == ["Ida Holm"]  # stored without a country code
    assert _titles("1555 6623") == ["Adventure Works"]
    assert _titles("4321") == []  # four digits are a word, not a phone: no word starts so
    contacts.create(actor, {"first_name": "Otto", "last_name": "Lind", "business_phone": "030 1234567"})
    assert _titles("030 1234567") == ["Otto Lind"]  # stored in national form, found as typed
    assert _titles("0301234") == ["Otto Lind"]


def test_find_as_you_type_takes_like_wildcards_as_themselves(actor):
    for name in ("Ab_c Works", "Abxc Works", "50% Off", "500 Club", "Back\\slash"):
        accounts.create(actor, {"name": name})
    assert [h.title for h in search.find_accounts("ab_")] == ["Ab_c Works"]
    assert [h.title for h in search.find_accounts("50%")] == ["50% Off"]
    assert [h.title for h in search.find_accounts("back\\")] == ["Back\\slash"]
    assert [h.title for h in search.find_accounts("ABX")] == ["Abxc Works"]


def _plan(query) -> str:
    from crm_tui.models import database

    sql, params = query.sql()
    return " ".join(row[0] for row in database.execute_sql("EXPLAIN " + sql, params).fetchall())


def _prefix_query():
    from crm_tui.models import Account
    from crm_tui.services.prefix import prefix_filter

    return (Account.select(Account.id).where(prefix_filter(Account.sort_name, "con"))
            .order_by(Account.sort_name, Account.id).limit(8))


def test_on_postgresql_find_as_you_type_reads_an_index_not_the_table(actor, db_url):
    from crm_tui.models import database
    from crm_tui.models.db import is_sqlite

    if is_sqlite():
        return  # a range on the key: the index by construction
    database.execute_sql("SET enable_seqscan = off")  # a tiny table would be scanned otherwise
    plan = _plan(_prefix_query())
    assert "Index Cond" in plan and "sort_name >= 'con'" in plan, plan  # a range of the index, not a filter


@pytest.mark.postgres
def test_on_a_postgresql_database_collating_other_than_c_a_pattern_index_serves_the_prefix(postgres_server):
    from crm_tui.models import database
    from crm_tui.models import db as dbmod
    from tests.databases import migrated

    admin = dbmod.make_database(postgres_server.url())
    admin.execute_sql("DROP DATABASE IF EXISTS crm_collated")
    admin.execute_sql("CREATE DATABASE crm_collated TEMPLATE template0 LC_COLLATE 'C.utf8' LC_CTYPE 'C.utf8'")
    admin.close()
    with migrated(postgres_server.url("crm_collated")):
        contoso = accounts.create(ensure_user("tester", "Test User"), {"name": "Contoso"})
        database.execute_sql("SET enable_seqscan = off")
        plan = _plan(_prefix_query())
        assert "account_sort_name_prefix" in plan and "Index Cond" in plan, plan
        assert [h.id for h in search.find_accounts("con")] == [contoso.id]
