"""Finding duplicates across a record type: each shipped rule matches what it should and nothing
else, inactive records are left out, groups come largest first, and the command prints them."""

from __future__ import annotations

import json

from crm_tui.services import duplicates
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from tests.run_cli import cli


def _groups(rt_key: str) -> dict[str, list[tuple[int, ...]]]:
    found: dict[str, list[tuple[int, ...]]] = {}
    for group in duplicates.find(rt_key):
        found.setdefault(group.rule.key, []).append(group.ids)
    return found


def test_accounts_of_the_same_name_whatever_the_case_and_spaces(db_url, actor):
    a = accounts.create(actor, {"name": "Contoso  Ltd"})
    b = accounts.create(actor, {"name": "contoso ltd"})
    c = accounts.create(actor, {"name": "CONTOSO LTD"})
    accounts.create(actor, {"name": "Contoso Limited"})  # close, not the same: no rule says so
    gone = accounts.create(actor, {"name": "Contoso Ltd"})
    accounts.deactivate(actor, gone.id)  # inactive: left out
    assert _groups("account") == {"account.name": [(a.id, b.id, c.id)]}


def test_contacts_by_email_and_by_name_within_an_account(db_url, actor):
    acme, other = accounts.create(actor, {"name": "Acme"}), accounts.create(actor, {"name": "Other"})
    one = contacts.create(actor, {"last_name": "Lee", "email": "Ann@Acme.example", "parent_customer": acme.id})
    two = contacts.create(actor, {"last_name": "Leigh", "email": "ann@acme.example"})
    three = contacts.create(actor, {"first_name": "Bo", "last_name": "Chen", "parent_customer": acme.id})
    four = contacts.create(actor, {"first_name": "bo", "last_name": "CHEN", "parent_customer": acme.id})
    contacts.create(actor, {"first_name": "Bo", "last_name": "Chen", "parent_customer": other.id})  # another account
    contacts.create(actor, {"first_name": "Bo", "last_name": "Chen"})  # in no account: the name alone is not enough
    assert _groups("contact") == {"contact.email": [(one.id, two.id)], "contact.name": [(three.id, four.id)]}


def test_leads_by_email_and_a_company_that_is_an_account(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme Inc"})
    one = leads.create(actor, {"topic": "A", "last_name": "Ng", "email": "ng@x.example", "company_name": "ACME inc"})
    two = leads.create(actor, {"topic": "B", "last_name": "Ng", "email": "NG@x.example"})
    leads.create(actor, {"topic": "C", "last_name": "Ok", "company_name": "Nobody Ltd"})
    found = duplicates.find("lead")
    by_rule = {g.rule.key: g for g in found}
    assert by_rule["lead.email"].ids == (one.id, two.id)
    assert (by_rule["lead.company"].ids, by_rule["lead.company"].accounts) == ((one.id,), (acme.id,))
    assert len(found) == 2


def test_groups_come_largest_first_and_the_command_prints_them(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    for name in ("Acme", "acme", "Zeta", "zeta", "ZETA"):
        assert cli("account", "create", "--db", db, "--set", f"name={name}").returncode == 0
    shown = cli("account", "duplicates", "-f", "json", "--db", db)
    groups = json.loads(shown.stdout)
    assert [g["ids"] for g in groups] == [[3, 4, 5], [1, 2]] and groups[0]["rule"] == "account.name"
    assert cli("account", "duplicates", "-q", "--db", db).stdout.splitlines() == ["3 4 5", "1 2"]
    assert "the same account name" in cli("account", "duplicates", "--db", db).stdout
