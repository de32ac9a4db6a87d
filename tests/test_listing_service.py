from crm_tui.services import listing, search
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.listing import ListQuery, key_of


def _make(actor, names):
    return [accounts.create(actor, {"name": n}) for n in names]


def test_pages_walk_the_whole_list_once_in_order_also_with_equal_names(actor):
    _make(actor, [f"Company {i % 7}" for i in range(40)])  # many share a name
    query = ListQuery("account")
    seen, after = [], None
    while True:
        rows = listing.page(query, after=after, limit=6)
        if not rows:
            break
        seen.extend(rows)
        after = key_of(rows[-1])
    assert len(seen) == 40 == listing.count(query)
    assert len({r[0] for r in seen}) == 40
    assert [key_of(r) for r in seen] == sorted(key_of(r) for r in seen)


def test_backward_pages_and_the_last_page(actor):
    _make(actor, ["Alpha", "Bravo", "Charlie", "Delta", "Echo"])
    query = ListQuery("account")
    assert [r[4] for r in listing.page(query, before=(), limit=2)] == ["Delta", "Echo"]
    charlie = listing.page(query, limit=3)[-1]
    assert [r[4] for r in listing.page(query, before=key_of(charlie), limit=5)] == ["Alpha", "Bravo"]
    assert [r[4] for r in listing.page_at(query, 3, 5)] == ["Delta", "Echo"]
    assert listing.position(query, key_of(charlie)) == 2


def test_find_filters_by_the_start_of_the_name_case_insensitively(actor):
    _make(actor, ["Contoso", "contoso east", "Fabrikam", "Con_Edge", "Cont%"])
    query = ListQuery("account").finding("CONTO")
    assert [r[4] for r in listing.page(query)] == ["Contoso", "contoso east"]
    assert listing.count(query) == 2
    assert [r[4] for r in listing.page(ListQuery("account").finding("con_"))] == ["Con_Edge"]


def test_inactive_records_leave_the_active_list(actor):
    keep, gone = _make(actor, ["Keep", "Gone"])
    accounts.deactivate(actor, gone.id)
    assert [r[4] for r in listing.page(ListQuery("account"))] == ["Keep"]
    assert [r[4] for r in listing.page(ListQuery("account", state="inactive"))] == ["Gone"]
    assert listing.count(ListQuery("account", state=None)) == 2


def test_account_rows_show_city_phone_primary_contact_and_owner(actor):
    acme = accounts.create(actor, {"name": "Acme", "city": "Lyon", "phone": "+33 4 72 00 00 00"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id,
                                  "job_title": "Buyer", "email": "ann@acme.example", "mobile_phone": "555 0101"})
    accounts.set_primary_contact(actor, acme.id, ann.id, 1)
    row = listing.page(ListQuery("account"))[0]
    assert row[4:] == ("Acme", "Lyon", "+33 4 72 00 00 00", "Ann Lee", "Test User")
    contact_row = listing.page(ListQuery("contact", account_id=acme.id))[0]
    assert contact_row[4:] == ("Ann Lee", "Acme", "Buyer", "ann@acme.example", "555 0101", "Test User")


def test_sub_account_list(actor):
    top, other = _make(actor, ["Top", "Other"])
    accounts.create(actor, {"name": "Sub B", "parent": top.id})
    accounts.create(actor, {"name": "Sub A", "parent": top.id})
    assert [r[4] for r in listing.page(ListQuery("account", account_id=top.id))] == ["Sub A", "Sub B"]


def test_search_finds_accounts_and_contacts_by_first_or_last_name(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    contacts.create(actor, {"first_name": "Zoe", "last_name": "Acheson", "parent_customer": acme.id})
    contacts.create(actor, {"first_name": "Acer", "last_name": "Brown"})
    hits = search.find_records("ac")
    assert [(h.record_type, h.title) for h in hits] == [
        ("account", "Acme"), ("contact", "Zoe Acheson"), ("contact", "Acer Brown")]
    assert search.find_records("   ") == []


def test_a_row_is_read_by_name_and_still_a_tuple_across_processes(actor):
    import pickle

    from crm_tui.core.list_types import Row

    accounts.create(actor, {"name": "Acme", "city": "Oslo"})
    row = listing.page(ListQuery("account"))[0]
    assert isinstance(row, Row) and isinstance(row, tuple)
    assert (row.id, row.key, row.state, row.open_as) == row[:4] and row.cells == row[4:]
    assert row.open_as == "account" and row.cells[:2] == ("Acme", "Oslo")
    again = pickle.loads(pickle.dumps(row))  # the first page comes from the start-up process
    assert again == row and type(again) is Row and again.cells == row.cells


def test_a_list_takes_the_common_narrowings_and_only_its_own_typed_filter(actor):
    import pytest

    from crm_tui.core.list_types import TimelineFilter, timeline_of
    from crm_tui.services.sales import pipeline

    acme, globex, initech = _make(actor, ["Acme", "Globex", "Initech"])
    assert [r[4] for r in listing.page(ListQuery("account", exclude_id=globex.id))] == ["Acme", "Initech"]
    assert listing.count(ListQuery("account").narrowing({"name": "Globex"})) == 1
    assert listing.count(timeline_of(("account", acme.id))) == 1  # its creation
    with pytest.raises(ValueError, match="timeline list takes TimelineFilter filter, not NoneType"):
        listing.count(ListQuery("timeline"))
    with pytest.raises(ValueError, match="account list takes no filter, not TimelineFilter"):
        listing.page(ListQuery("account", filter=TimelineFilter(("account", acme.id))))
    with pytest.raises(ValueError, match="no field 'colour' to narrow by"):
        listing.count(ListQuery("account").narrowing({"colour": "red"}))
    with pytest.raises(ValueError, match="one stage's"):
        listing.count(ListQuery("pipeline"))
    assert listing.count(pipeline.column("Qualify")) == 0
    # a narrowing reads the same whatever order its choices came in: the same list, the same query
    assert ListQuery("lead").narrowing({"source": "Web", "rating": "Hot"}) == \
        ListQuery("lead").narrowing({"rating": "Hot", "source": "Web"})


# The large set's statistics of the opportunity table, ANALYZE'd before migration 14 added an index
# by owner, state and close date (which has none): the shape that turned the planner around.
LARGE_OPPORTUNITY_STATISTICS = (
    ("opportunity_contact_id_sort_name_id", "112431 2 1 1"),
    ("opportunity_customer_contact_id_sort_name_id", "112431 12 9 1"),
    ("opportunity_customer_account_id_sort_name_id", "112431 2 2 1"),
    ("opportunity_owner_id_state_stage_revenue_key_id", "112431 22487 7496 2499 4 1"),
    ("opportunity_state_stage_revenue_key_probability", "112431 37477 12493 13 3"),
    ("opportunity_state_stage_revenue_key_id", "112431 37477 12493 13 1"),
    ("opportunity_owner_id_state_sort_name_id", "112431 22487 7496 70 1"),
    ("opportunity_sort_name_id", "112431 1042 1"),
    ("opportunity_state_sort_name_id", "112431 37477 348 1"),
    ("opportunity_originating_lead_id", "112431 10"),
    ("opportunity_contact_id", "112431 2"),
    ("opportunity_customer_contact_id", "112431 12"),
    ("opportunity_customer_account_id", "112431 2"),
    ("opportunity_modified_by_id", "112431 22487"),
    ("opportunity_created_by_id", "112431 22487"),
    ("opportunity_owner_id", "112431 22487"),
)


def test_a_list_page_walks_its_own_index_even_when_the_statistics_say_there_are_few_users(actor, db_url):
    """With five users and 112,431 opportunities in the statistics and none for a newer index,
    SQLite once started a page's join from the users and sorted every open opportunity for 50 of
    them: 119 ms for 1 ms. A page's owner is joined so that it cannot be the first table."""
    from crm_tui.models import database
    from crm_tui.models.db import is_sqlite
    from crm_tui.services.sales.opportunities import opportunities

    if not is_sqlite():
        return  # the statistics below are SQLite's
    acme = accounts.create(actor, {"name": "Acme"})
    for n in range(30):
        opportunities.create(actor, {"topic": f"Deal {n:02d}", "customer": ("account", acme.id)})
    database.execute_sql("ANALYZE")
    database.execute_sql("DELETE FROM sqlite_stat1 WHERE tbl IN ('opportunity', 'user')")
    for index, stat in LARGE_OPPORTUNITY_STATISTICS:
        database.execute_sql("INSERT INTO sqlite_stat1 VALUES ('opportunity', ?, ?)", (index, stat))
    database.execute_sql("INSERT INTO sqlite_stat1 VALUES ('user', 'user_username', '5 1')")
    database.execute_sql("ANALYZE sqlite_schema")  # read the statistics again
    statements = []
    execute = type(database.obj).execute_sql

    def noting(self, sql, params=None, *args, **kwargs):
        if sql.startswith("SELECT") and "LIMIT" in sql:
            statements.append((sql, params))
        return execute(self, sql, params, *args, **kwargs)

    query = ListQuery("opportunity", state="open")
    middle = listing.page_at(query, 10, 1)[0]
    type(database.obj).execute_sql = noting
    try:
        assert len(listing.page(query, after=key_of(middle))) == 19
    finally:
        type(database.obj).execute_sql = execute
    assert statements
    for sql, params in statements:
        plan = " | ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "TEMP B-TREE FOR ORDER BY" not in plan and plan.startswith("SEARCH t1"), plan


def test_rows_by_id_a_few_or_many_ids_at_once_only_those_there(actor):
    """A page's few ids go as a list on SQLite, an export's many as one JSON array (an array on
    PostgreSQL): both find exactly the rows there, and nothing for ids that are not."""
    made = _make(actor, [f"Many {n:03}" for n in range(5)])
    query = ListQuery("account", state=None)
    ids = [a.id for a in made]
    missing = list(range(10_000_000, 10_000_000 + 150))  # past any id given
    for asked in (ids[:3], ids + missing):
        found = listing.raw_by_id(query, asked)
        assert sorted(found) == sorted(set(asked) & set(ids))
        assert all(found[rid][0] == rid for rid in found)
