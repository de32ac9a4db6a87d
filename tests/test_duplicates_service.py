"""Duplicate detection rules: each kind of condition matching and not matching, the shipped rules
finding what they should (inactive records left out, groups largest first), a check before a
save, the rules kept and changed in the database with the index they read, and the command."""

from __future__ import annotations

import json

import pytest
from peewee import SqliteDatabase

from crm_tui.models import database
from crm_tui.models import duplicate_keys
from crm_tui.services import duplicates
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import ValidationError
from crm_tui.services.sales.leads import leads
from tests.run_cli import cli


def _groups(rt_key: str) -> dict[str, list[tuple[int, ...]]]:
    found: dict[str, list[tuple[int, ...]]] = {}
    for group in duplicates.find(rt_key):
        found.setdefault(group.rule.name, []).append(group.ids)
    return found


def _only(rule_name: str) -> None:
    """Leave one rule active: a test of one kind of condition hears no other."""
    for rule in duplicates.rules():
        if rule.name != rule_name and rule.active:
            duplicates.set_active(rule.id, False)


def _rule(conditions: str, rt_key: str = "account", matching: str | None = None, **flags) -> None:
    for rule in duplicates.rules():
        if rule.name == "Under test":
            duplicates.delete_rule(rule.id)
        elif rule.active:
            duplicates.set_active(rule.id, False)
    duplicates.save_rule(None, "Under test", rt_key, matching or rt_key, conditions, **flags)


def _possible(rt_key: str, values: dict, exclude_id: int | None = None) -> list[int]:
    return [p.id for p in duplicates.check(rt_key, values, exclude_id)]


def test_accounts_of_the_same_name_whatever_the_case_and_spaces(db_url, actor):
    a = accounts.create(actor, {"name": "Contoso  Ltd"})
    b = accounts.create(actor, {"name": "contoso ltd"})
    c = accounts.create(actor, {"name": "CONTOSO LTD"})
    accounts.create(actor, {"name": "Contoso Limited"})  # close, not the same: no rule says so
    gone = accounts.create(actor, {"name": "Contoso Ltd"})
    accounts.deactivate(actor, gone.id)  # inactive: left out
    assert _groups("account") == {"Accounts with the same name": [(a.id, b.id, c.id)]}


def test_contacts_by_email_and_by_name_within_an_account(db_url, actor):
    acme, other = accounts.create(actor, {"name": "Acme"}), accounts.create(actor, {"name": "Other"})
    one = contacts.create(actor, {"last_name": "Lee", "email": "Ann@Acme.example", "parent_customer": acme.id})
    two = contacts.create(actor, {"last_name": "Leigh", "email": "ann@acme.example"})
    three = contacts.create(actor, {"first_name": "Bo", "last_name": "Chen", "parent_customer": acme.id})
    four = contacts.create(actor, {"first_name": "bo", "last_name": "CHEN ", "parent_customer": acme.id})
    contacts.create(actor, {"first_name": "Bo", "last_name": "Chen", "parent_customer": other.id})  # another account
    contacts.create(actor, {"first_name": "Bo", "last_name": "Chen"})  # in no account: the name alone is not enough
    assert _groups("contact") == {"Contacts with the same email": [(one.id, two.id)],
                                  "Contacts with the same name in one account": [(three.id, four.id)]}


def test_leads_by_email_and_against_accounts_and_contacts(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme Inc"})
    known = contacts.create(actor, {"last_name": "Ng", "email": "ng@x.example"})
    one = leads.create(actor, {"topic": "A", "last_name": "Ng", "email": "ng@x.example", "company_name": "ACME inc"})
    two = leads.create(actor, {"topic": "B", "last_name": "Ng", "email": "NG@x.example"})
    leads.create(actor, {"topic": "C", "last_name": "Ok", "company_name": "Nobody Ltd"})
    by_rule = {g.rule.name: g for g in duplicates.find("lead")}
    assert by_rule["Leads with the same email"].ids == (one.id, two.id)
    assert (by_rule["Leads whose company is an account"].ids,
            by_rule["Leads whose company is an account"].matching) == ((one.id,), (acme.id,))
    assert (by_rule["Leads whose email is a contact's"].ids,
            by_rule["Leads whose email is a contact's"].matching) == ((one.id, two.id), (known.id,))
    assert len(by_rule) == 3


def test_exact_match_and_case(db_url, actor):
    _rule("email", ignore_case=True)
    a = accounts.create(actor, {"name": "A", "email": "Sales@Acme.example"})
    assert _possible("account", {"email": "sales@acme.EXAMPLE "}) == [a.id]
    assert _possible("account", {"email": "sales@acme.example.org"}) == []
    _rule("email", ignore_case=False)
    assert _possible("account", {"email": "sales@acme.example"}) == []
    assert _possible("account", {"email": "Sales@Acme.example"}) == [a.id]


def test_first_and_last_characters(db_url, actor):
    _rule("name:first 5")
    a = accounts.create(actor, {"name": "Northwind Traders"})
    assert _possible("account", {"name": "northwind"}) == [a.id]
    assert _possible("account", {"name": "North"}) == [a.id]
    assert _possible("account", {"name": "Nort"}) == []  # shorter than 5: its own 4 differ from the 5 kept
    assert _possible("account", {"name": "Norse Traders"}) == []
    _rule("phone:last 4")
    b = accounts.create(actor, {"name": "B", "phone": "+1 206 555 0134"})
    assert _possible("account", {"phone": "(425) 999-0134"}) == [b.id]
    assert _possible("account", {"phone": "(425) 999-0135"}) == []


def test_blanks_ignored_or_matched(db_url, actor):
    _rule("email, phone", ignore_blanks=True)
    a = accounts.create(actor, {"name": "A", "email": "x@a.example"})
    b = accounts.create(actor, {"name": "B", "email": "x@a.example"})
    assert _possible("account", {"email": "x@a.example"}) == []  # the blank phone compares nothing
    assert _groups("account") == {}
    _rule("email, phone", ignore_blanks=False)
    assert _possible("account", {"email": "x@a.example"}) == [a.id, b.id]  # blank matches blank
    assert _groups("account") == {"Under test": [(a.id, b.id)]}


def test_inactive_records_ignored_or_not(db_url, actor):
    _rule("email", ignore_inactive=True)
    a = accounts.create(actor, {"name": "A", "email": "x@a.example"})
    accounts.deactivate(actor, a.id)
    assert _possible("account", {"email": "x@a.example"}) == []
    _rule("email", ignore_inactive=False)
    assert _possible("account", {"email": "x@a.example"}) == [a.id]


def test_a_link_matches_exactly_and_a_record_is_not_its_own_duplicate(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    one = contacts.create(actor, {"first_name": "Bo", "last_name": "Chen", "parent_customer": acme.id})
    same = {"first_name": " bo", "last_name": "chen", "parent_customer": acme.id}
    assert _possible("contact", same) == [one.id]
    assert _possible("contact", {**same, "parent_customer": str(acme.id)}) == [one.id]  # typed in a form
    assert _possible("contact", same, exclude_id=one.id) == []  # the record itself, saved again
    assert _possible("contact", {**same, "parent_customer": None}) == []


def test_a_rule_across_types_checks_a_new_lead(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme Inc"})
    assert [(p.record_type, p.id) for p in duplicates.check("lead", {"company_name": " ACME inc"})] == [("account", acme.id)]


def test_rules_are_checked_before_they_are_kept(db_url):
    with pytest.raises(ValidationError) as refused:
        duplicates.save_rule(None, "", "opportunity", "account", "name")
    assert set(refused.value.errors) == {"name", "record_type"}
    for conditions, says in (("nosuchfield", "not a field of accounts"), ("", "at least one condition"),
                             ("name:middle 3", "FIELD:first N"), ("parent:first 3", "a link"),
                             ("name:first 0", "at least 1 character"), ("parent=primary_contact", "different record types"),
                             ("employees", "not text or links")):
        with pytest.raises(ValidationError) as refused:
            duplicates.save_rule(None, "Bad", "account", "account", conditions)
        assert says in refused.value.errors["conditions"], conditions
    with pytest.raises(ValidationError) as refused:  # names are told apart by more than case and spaces
        duplicates.save_rule(None, "accounts with  the same name", "account", "account", "email")
    assert "already called" in refused.value.errors["name"]


def test_a_rule_reads_an_index_kept_by_the_database_and_unused_ones_go(db_url, actor):
    def indexes() -> set[str]:
        return {i.name for table in ("account", "contact", "lead") for i in database.get_indexes(table)
                if i.name.startswith(duplicate_keys.PREFIX)}

    shipped = indexes()
    assert len(shipped) >= 6
    rule = duplicates.save_rule(None, "Same website", "account", "account", "website")
    assert len(indexes()) == len(shipped) + 1
    sql, params = duplicate_keys.lookup(database.obj, rule, {"website": "acme.example"})
    if not isinstance(database.obj, SqliteDatabase):  # a few rows: the planner would read them all anyway
        database.execute_sql("SET enable_seqscan = off")
    plan = " ".join(str(row) for row in database.execute_sql(
        ("EXPLAIN QUERY PLAN " if isinstance(database.obj, SqliteDatabase) else "EXPLAIN ") + sql, params).fetchall())
    assert "dup_account_" in plan and "SCAN account" not in plan and "Seq Scan" not in plan, plan
    duplicates.set_active(rule.id, False)
    assert indexes() == shipped
    duplicates.set_active(rule.id, True)
    duplicates.delete_rule(rule.id)
    assert indexes() == shipped


def test_groups_come_largest_first_and_the_command_prints_them(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    for name in ("Acme", "acme", "Zeta", "zeta", "ZETA"):
        assert cli("account", "create", "--db", db, "--set", f"name={name}").returncode == 0
    shown = cli("account", "duplicates", "-f", "json", "--db", db)
    groups = json.loads(shown.stdout)
    assert [g["ids"] for g in groups] == [[3, 4, 5], [1, 2]] and groups[0]["rule"] == "Accounts with the same name"
    assert cli("account", "duplicates", "-q", "--db", db).stdout.splitlines() == ["3 4 5", "1 2"]
    assert "Accounts with the same name" in cli("account", "duplicates", "--db", db).stdout


def test_a_close_name_is_ranked_below_the_rules_matches(db_url, actor):
    exact = accounts.create(actor, {"name": "Contoso Ltd"})
    typo = accounts.create(actor, {"name": "Contosso Ltd"})
    dotted = accounts.create(actor, {"name": "Contoso Ltd."})
    accounts.create(actor, {"name": "Contoso Group Holdings"})  # shares a word: not close enough
    accounts.create(actor, {"name": "Fabrikam"})
    found = duplicates.check("account", {"name": "contoso ltd"}, similar=True)
    assert [p.id for p in found][0] == exact.id and found[0].rule == "Accounts with the same name"
    assert {p.id for p in found[1:]} == {typo.id, dotted.id}
    assert all(p.rule.startswith("A similar name (") for p in found[1:])
    assert duplicates.check("account", {"name": "contoso ltd"}) == found[:1]  # not unless asked (an import)
    people = contacts.create(actor, {"first_name": "John", "last_name": "Smith"})
    assert [p.id for p in duplicates.check("contact", {"first_name": "Jon", "last_name": "Smith"}, similar=True)] == [
        people.id]
    assert duplicates.check("contact", {"first_name": "John", "last_name": "Smith"}, people.id, similar=True) == []
