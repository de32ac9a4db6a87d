"""System views and personal views through the services, on both databases."""

from __future__ import annotations

import pytest

from crm_tui.core.list_types import ListQuery
from crm_tui.services import listing, views
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.services.view_spec import Condition, ViewSpec, check


def _names(query: ListQuery) -> list[str]:
    return [row[4] for row in listing.page(query, limit=100)]


def _system(record_type: str, key: str, actor) -> list[str]:
    view = next(v for v in views.system_views(record_type) if v.key == key)
    return _names(views.system_query(record_type, view, actor.id))


def test_each_system_view_shows_its_rows(actor, other_user):
    mine = accounts.create(actor, {"name": "Mine Active"})
    theirs = accounts.create(other_user, {"name": "Theirs Active"})
    gone = accounts.create(actor, {"name": "Gone"})
    accounts.deactivate(actor, gone.id)
    assert _system("account", "active", actor) == ["Mine Active", "Theirs Active"]
    assert _system("account", "my_active", actor) == ["Mine Active"]
    assert _system("account", "inactive", actor) == ["Gone"]
    assert _system("account", "all", actor) == ["Gone", "Mine Active", "Theirs Active"]

    contacts.create(actor, {"last_name": "Mineperson", "parent_customer": mine.id})
    contacts.create(other_user, {"last_name": "Otherperson"})
    assert _system("contact", "active", actor) == ["Mineperson", "Otherperson"]
    assert _system("contact", "my_active", actor) == ["Mineperson"]

    leads.create(actor, {"topic": "Mine lead", "last_name": "Lee"})
    lost = leads.create(other_user, {"topic": "Lost lead", "last_name": "Loss"})
    leads.disqualify(other_user, lost.id, "Lost")
    assert [r[5] for r in listing.page(views.system_query("lead", views.system_views("lead")[0], actor.id))] \
        == ["Mine lead"]
    assert len(listing.page(views.system_query("lead", views.system_views("lead")[1], actor.id))) == 1
    disqualified = next(v for v in views.system_views("lead") if v.key == "disqualified")
    assert len(listing.page(views.system_query("lead", disqualified, actor.id))) == 1

    opportunities.create(actor, {"topic": "Deal mine", "customer": ("account", mine.id)})
    opportunities.create(other_user, {"topic": "Deal theirs", "customer": ("account", theirs.id)})
    assert _system("opportunity", "open", actor) == ["Deal mine", "Deal theirs"]
    assert _system("opportunity", "my_open", actor) == ["Deal mine"]

    cases.create(actor, {"title": "Case mine", "customer": ("account", mine.id)})
    other_case = cases.create(other_user, {"title": "Case theirs", "customer": ("account", theirs.id)})
    cases.cancel(other_user, other_case.id)
    active = [row[5] for row in listing.page(views.system_query("case", views.system_views("case")[0], actor.id))]
    assert active == ["Case mine"]
    assert len(_system("case", "my_active", actor)) == 1
    assert len(_system("case", "cancelled", actor)) == 1
    assert views.matching_view("case", "active", True, False).title("case") == "My Active Cases"
    assert views.system_views("my_activities")[0].title("my_activities") == "My Activities"


def _account_view(**kwargs) -> ViewSpec:
    base = dict(record_type="account", columns=("name", "city", "annual_revenue", "owner"), sort="annual_revenue",
                descending=True)
    base.update(kwargs)
    return ViewSpec(**base)


@pytest.fixture
def towns(actor, other_user):
    rows = [("Alpha", "Oslo", "500"), ("Bravo", "oslo", "1500"), ("Charlie", "Bergen", None),
            ("Delta", None, "250"), ("Echo", "Oslo", None)]
    for name, city, revenue in rows:
        accounts.create(other_user if name == "Delta" else actor,
                        {"name": name, "city": city, "annual_revenue": revenue})


def test_a_view_filters_sorts_and_shows_its_columns(actor, towns):
    spec = _account_view(conditions=(Condition("city", "equals", "OSLO"),))
    rows = listing.page(ListQuery("account", view=spec), limit=50)
    assert [r[4:] for r in rows] == [("Bravo", "oslo", "1,500.00", "Test User"),
                                     ("Alpha", "Oslo", "500.00", "Test User"),
                                     ("Echo", "Oslo", "", "Test User")]  # empty sorts last, descending
    assert [c.title for c in listing.columns(ListQuery("account", view=spec))] == \
        ["Account name", "City", "Annual revenue", "Owner"]

    def names(*conditions, **kwargs):
        return [r[4] for r in listing.page(ListQuery("account", view=_account_view(conditions=conditions, **kwargs)))]

    assert names(Condition("city", "contains", "ERG")) == ["Charlie"]
    assert names(Condition("city", "empty")) == ["Delta"]
    assert names(Condition("annual_revenue", "after", "400"), sort="name", descending=False) == ["Alpha", "Bravo"]
    assert names(Condition("annual_revenue", "before", "400")) == ["Delta"]
    assert names(Condition("owner", "equals", "cole league")) == ["Delta"]  # a link, by its name
    assert names(Condition("owner", "contains", "test")) == ["Bravo", "Alpha", "Echo", "Charlie"]
    assert names(Condition("created_on", "after", "+1d")) == []
    assert names(Condition("created_on", "before", "+1d"), Condition("name", "contains", "a"),
                 sort="owner", descending=False) == ["Delta", "Alpha", "Bravo", "Charlie"]
    assert names(Condition("state", "equals", "Active"), sort="city", descending=False) == \
        ["Delta", "Charlie", "Alpha", "Bravo", "Echo"]


def test_paging_a_view_sorted_on_a_column_with_empty_values_returns_every_row_once(actor):
    for n in range(23):
        accounts.create(actor, {"name": f"Row {n:02d}", "city": None if n % 3 == 0 else f"Town {n % 4}"})
    for descending in (False, True):
        query = ListQuery("account", view=_account_view(sort="city", descending=descending))
        seen, after = [], None
        while rows := listing.page(query, after=after, limit=4):
            seen += [r[0] for r in rows]
            after = listing.key_of(rows[-1])
        assert len(seen) == len(set(seen)) == listing.count(query) == 23
        back = listing.page(query, before=(), limit=4)
        assert [r[0] for r in back] == seen[-4:]


def test_a_view_on_cases_shows_the_customer_and_finds_by_title(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    person = contacts.create(actor, {"first_name": "Ann", "last_name": "Ode"})
    cases.create(actor, {"title": "Printer", "customer": ("account", acme.id), "priority": "High"})
    cases.create(actor, {"title": "Phone", "customer": ("contact", person.id), "priority": "Low"})
    spec = ViewSpec("case", ("title", "customer", "priority"), "customer")
    assert [r[4:] for r in listing.page(ListQuery("case", view=spec))] == [("Printer", "Acme", "High"),
                                                                           ("Phone", "Ann Ode", "Low")]
    assert [r[4] for r in listing.page(ListQuery("case", view=spec, find="ph"))] == ["Phone"]
    high = ViewSpec("case", ("title",), "title", conditions=(Condition("priority", "equals", "high"),))
    assert [r[4] for r in listing.page(ListQuery("case", view=high))] == ["Printer"]


def test_a_view_with_wrong_parts_is_refused_with_what_is_wrong():
    assert set(check(ViewSpec("account", (), "nope"))) == {"columns", "sort"}
    assert check(ViewSpec("account", ("name", "x"), "name"))["columns"] == "Unknown field: x"
    bad = ViewSpec("account", ("name",), "name", conditions=(
        Condition("annual_revenue", "contains", "1"), Condition("created_on", "before", "someday"),
        Condition("employees", "equals", "many"), Condition("name", "equals", " ")))
    assert set(check(bad)) == {"condition0", "condition1", "condition2", "condition3"}
    assert check(ViewSpec("account", ("name",), "description"))["sort"]


def test_personal_views_are_saved_reloaded_renamed_and_deleted_per_user(actor, other_user):
    spec = _account_view(conditions=(Condition("city", "equals", "Oslo"),))
    view_id, saved = views.save(actor, spec, "  Oslo   by revenue ")
    assert saved.name == "Oslo by revenue" and saved == spec
    assert views.get(actor, view_id) == spec  # reloaded from its stored form
    assert [(i, v.name) for i, v in views.personal_views(actor, "account")] == [(view_id, "Oslo by revenue")]
    assert views.personal_views(other_user, "account") == [] and views.personal_views(actor, "contact") == []
    with pytest.raises(ValidationError) as taken:
        views.save(actor, spec, "oslo BY revenue")
    assert "already have a view" in taken.value.errors["name"]
    views.save(other_user, spec, "Oslo by revenue")  # another user's names are theirs
    second_id, _ = views.save(actor, _account_view(), "Everything")
    with pytest.raises(ValidationError):
        views.rename(actor, second_id, "Oslo by revenue")
    with pytest.raises(ValidationError):
        views.rename(actor, second_id, "   ")
    assert views.rename(actor, view_id, "Norway").name == "Norway"
    assert [v.name for _, v in views.personal_views(actor, "account")] == ["Everything", "Norway"]
    changed = _account_view(sort="name", descending=False)
    views.save(actor, changed, "Norway", view_id=view_id)
    assert views.get(actor, view_id) == changed
    with pytest.raises(NotFoundError):
        views.rename(other_user, view_id, "Mine now")  # not theirs
    with pytest.raises(NotFoundError):
        views.delete(other_user, view_id)
    views.delete(actor, view_id)
    assert [v.name for _, v in views.personal_views(actor, "account")] == ["Everything"]
    with pytest.raises(NotFoundError):
        views.get(actor, view_id)
    with pytest.raises(ValidationError):
        views.save(actor, ViewSpec("account", (), "name"), "Broken")


@pytest.mark.parametrize("record_type", ["account", "contact", "lead", "opportunity", "case", "entitlement", "sla"])
def test_a_new_view_of_each_record_type_starts_valid_and_reads(record_type, actor):
    from crm_tui.services.view_spec import default_spec

    spec = default_spec(record_type)
    assert check(spec) == {}
    assert listing.page(ListQuery(record_type, view=spec)) == []  # the query runs on this database
