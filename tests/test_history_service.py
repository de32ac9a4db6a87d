"""A record's history from the audit: its own changes newest first, a page at a time, narrowed by
field and by user; and what happened to its linked records (moved, deleted, an activity done)."""

from __future__ import annotations

import json

from crm_tui.services import activities, history
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from tests.run_cli import cli


def test_its_own_changes_newest_first_and_its_linked_records(db_url, actor, other_user):
    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo"})
    acme = accounts.update(actor, acme.id, {"city": "Bergen"}, acme.version)
    acme = accounts.update(other_user, acme.id, {"city": "Rome", "phone": "+39 06 0000 0000"}, acme.version)
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    gone = contacts.create(actor, {"last_name": "Gone", "parent_customer": acme.id})
    contacts.delete(actor, gone.id)
    call = activities.log(actor, "phone_call", ("account", acme.id), "About the order")
    changes = history.page("account", acme.id).changes
    own = [(c.action, c.field, c.old, c.new, c.user) for c in changes if not c.record]
    assert set(own[:2]) == {("updated", "Phone", None, "+39 06 0000 0000", other_user.display_name),
                            ("updated", "City", "Bergen", "Rome", other_user.display_name)}  # one save, two rows
    assert own[2] == ("updated", "City", "Oslo", "Bergen", actor.display_name)
    linked = {(c.record, c.action) for c in changes if c.record}
    assert ("Contact Lee", "created") in linked
    assert any(record.startswith("Contact ") and action == "deleted" for record, action in linked)
    assert any(record == "Activity About the order" for record, _action in linked), linked
    assert call.id
    only_own = history.page("account", acme.id, related=False).changes
    assert all(not c.record for c in only_own)
    by_field = history.page("account", acme.id, field="city", related=False).changes
    assert [(c.old, c.new) for c in by_field] == [("Bergen", "Rome"), ("Oslo", "Bergen"), (None, "Oslo")]  # made so
    by_user = history.page("account", acme.id, user_id=other_user.id, related=False).changes
    assert {c.user for c in by_user} == {other_user.display_name}
    assert ("city", "City") in history.fields_changed("account", acme.id)
    assert {name for _id, name in history.users_of("account", acme.id)} == {actor.display_name, other_user.display_name}
    assert ann.id


def test_pages_follow_each_other_without_gaps(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    for n in range(25):
        acme = accounts.update(actor, acme.id, {"city": f"City {n}"}, acme.version)
    first = history.page("account", acme.id, limit=10, related=False)
    second = history.page("account", acme.id, limit=10, related=False, after=first.after)
    third = history.page("account", acme.id, limit=10, related=False, after=second.after)
    seen = [c.id for page in (first, second, third) for c in page.changes]
    from crm_tui.models import AuditEntry

    kept = AuditEntry.select().where((AuditEntry.record_type == "account") & (AuditEntry.record_id == acme.id))
    assert len(seen) == len(set(seen)) == kept.count() > 25 and third.after is None  # every row, once
    assert first.changes[0].new == "City 24"


def test_the_command_prints_it(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    assert cli("account", "create", "--db", db, "--set", "name=Acme").returncode == 0
    assert cli("account", "update", "1", "--db", db, "--set", "city=Oslo").returncode == 0
    shown = json.loads(cli("account", "history", "1", "-f", "json", "--db", db).stdout)
    assert shown[0]["field"] == "City" and shown[0]["new"] == "Oslo" and shown[-1]["action"] == "created"
    table = cli("account", "history", "1", "--field", "city", "--db", db).stdout
    assert "Oslo" in table and "created" not in table
    assert cli("account", "history", "99", "--db", db).returncode != 0
