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


def _postgres_only():
    from crm_tui.models.db import is_sqlite

    if is_sqlite():
        pytest.skip("SQLite reads its FTS5 tables, which are the index")


def test_on_postgresql_one_word_is_a_range_of_the_words_read_in_order(actor, db_url):
    """One word typed: a statement a record type, its candidates the words table's range, stopped
    at the rows wanted; the GIN index is not asked."""
    from crm_tui.models import database
    from crm_tui.services.hits import CANDIDATES

    _postgres_only()
    contacts.create(actor, {"first_name": "Janet", "last_name": "Okonkwo"})
    for n in range(CANDIDATES + 5):
        contacts.create(actor, {"first_name": f"Jo{n:03d}", "last_name": "Many"})
    asked = _statements_of(lambda: _titles("okon"))
    assert _titles("okon") == ["Janet Okonkwo"] and len(_titles("jo", "contact")) == 8
    assert len(asked) == len(global_search.searched())  # candidates and read in one statement a record type
    read = [(sql, params) for sql, params in asked if 'FROM "contact"' in sql]
    assert len(read) == 1 and "search_contact_words" in read[0][0] and "@@" not in read[0][0]
    database.execute_sql("SET enable_seqscan = off")  # a tiny table would be scanned otherwise
    try:
        many = _statements_of(lambda: global_search.find("jo", record_types=("contact",)))
        plan = _analysed_plan(*many[0])
    finally:
        database.execute_sql("SET enable_seqscan = on")
    assert "Index Only Scan using search_contact_words_pkey" in plan or "Index Scan using search_contact_words_pkey" in plan
    assert f"rows={CANDIDATES} loops=1" in plan  # stopped at the rows wanted, not every match


def test_on_postgresql_the_words_follow_every_write(actor, db_url):
    from crm_tui.models import database

    _postgres_only()
    account = accounts.create(actor, {"name": "Quokka Analytics", "phone": "+44 20 7946 0000"})

    def words() -> set[str]:
        rows = database.execute_sql("SELECT word FROM search_account_words WHERE record_id = %s", (account.id,))
        return {word for (word,) in rows.fetchall()}

    assert {"quokka", "analytics", "442079460000", "2079460000", "79460000"} <= words()
    accounts.update(actor, account.id, {"name": "Wombat Analytics"}, account.version)
    assert "quokka" not in words() and {"wombat", "analytics"} <= words()
    accounts.update(actor, account.id, {"city": "Oslo"}, account.version + 1)  # not in the document: kept as is
    assert "wombat" in words()
    accounts.delete(actor, account.id)
    assert words() == set()


def test_on_postgresql_more_words_walk_the_longest_and_ask_the_index_only_when_it_falls_short(actor, db_url,
                                                                                               monkeypatch):
    _postgres_only()
    for last in ("Adams", "Baker", "Novak"):
        contacts.create(actor, {"first_name": "Jan", "last_name": last})
    assert _titles("jan nov") == ["Jan Novak"]  # the walk of "jan" finds it
    monkeypatch.setattr(global_search, "DRIVER_ROWS", 2)  # the walk reads Adams and Baker only
    asked = _statements_of(lambda: global_search.find("jan nov", record_types=("contact",)))
    assert [h.title for h in global_search.find("jan nov", record_types=("contact",)).hits] == ["Jan Novak"]
    assert "CTE Scan on hits (actual" in _analysed_plan(*asked[0])  # the GIN index answered
    monkeypatch.setattr(global_search, "DRIVER_ROWS", 1_000)
    asked = _statements_of(lambda: global_search.find("jan nov", record_types=("contact",)))
    assert "CTE Scan on hits (never executed)" in _analysed_plan(*asked[0])  # the walk read every "jan": enough


def test_on_postgresql_words_postgresql_splits_otherwise_ask_the_documents(actor, db_url):
    """A word its parser reads as two ("1e10a": "1e10" and "a") is looked for as the query says."""
    _postgres_only()
    accounts.create(actor, {"name": "Rig 1e10a"})
    assert _titles("1e10a") == ["Rig 1e10a"] and _titles("1e10") == ["Rig 1e10a"] and _titles("rig") == ["Rig 1e10a"]


def test_on_postgresql_the_first_rows_or_the_index_answer_a_query_the_words_cannot(actor, db_url):
    """_postgres_candidates: the table's first rows when they hold enough matches (the index never
    asked), else the GIN index."""
    from crm_tui.models import Account, database
    from crm_tui.services.hits import CANDIDATES

    _postgres_only()
    for n in range(CANDIDATES + 5):
        accounts.create(actor, {"name": f"Tailspin {n:03d}"})
    accounts.create(actor, {"name": "Okonkwo Freight"})
    doc = global_search._documents()["account"]

    def plan(query: str) -> str:
        select = Account.select(Account.id).where(Account.id.in_(global_search._postgres_candidates(doc, query)))
        assert len(select) == (CANDIDATES if query == "tail:*" else 1)
        return _analysed_plan(*database.get_sql_context().sql(select).query())

    assert "CTE Scan on hits (never executed)" in plan("tail:*")
    assert "CTE Scan on hits (actual" in plan("okon:*")


def test_on_postgresql_the_search_indexes_keep_no_pending_list(actor, db_url):
    """GIN's pending list (read whole by every search until a vacuum merges it) is off, however the
    index was made: by the migrations, and again after a bulk load, which gathers its entries there."""
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
            assert set(settings()) == names and all(o == ["fastupdate=on"] for o in settings().values())
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
    # a range of the index, its bounds known at run time (planned for any prefix)
    assert "Index Cond: ((sort_name >= $0) AND (sort_name < $1))" in plan and "Filter" not in plan, plan


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
        assert [h.id for h in global_search.find("con").hits] == [contoso.id]  # its words collate by bytes alike
