"""Changing many records at once: only what differs is written, a row saved by someone since is
skipped and said, a rule's refusal of one row leaves the rest changed, a cancel keeps whole
batches, and the command line says it all."""

from __future__ import annotations

import json

import pytest

from crm_tui.core.list_types import ListQuery
from crm_tui.models import Account, AuditEntry
from crm_tui.services import bulk_edit
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import ValidationError
from crm_tui.services.view_spec import EQUALS, Condition, ViewSpec
from tests.run_cli import cli


def _in(city: str) -> ListQuery:
    spec = ViewSpec("account", ("name", "city"), "name", conditions=(Condition("city", EQUALS, city),))
    return ListQuery("account", state=None, view=spec)


def test_every_row_of_the_view_changes_and_only_what_differs_is_written(db_url, actor):
    oslo = [accounts.create(actor, {"name": f"Oslo {n}", "city": "Oslo", "industry": "Consulting" if n else None})
            for n in range(5)]
    rome = accounts.create(actor, {"name": "Rome 1", "city": "Rome"})
    dry = bulk_edit.update_many(actor, _in("Oslo"), {"industry": "Consulting"}, dry_run=True)
    assert (dry.matched, dry.changed, dry.unchanged) == (5, 1, 4)
    assert Account.get_by_id(oslo[0].id).industry is None  # a dry run writes nothing
    done = bulk_edit.update_many(actor, _in("Oslo"), {"industry": "Consulting", "city": "Bergen"})
    assert (done.matched, done.changed, done.unchanged, done.conflicts, done.refused) == (5, 5, 0, [], {})
    assert {a.city for a in Account.select().where(Account.id.in_([a.id for a in oslo]))} == {"Bergen"}
    assert Account.get_by_id(rome.id).city == "Rome"
    audited = AuditEntry.select().where((AuditEntry.record_id == oslo[1].id) & (AuditEntry.action == "updated"))
    assert [row.field for row in audited] == ["city"]  # its industry was already Retail


def test_a_row_saved_by_someone_since_is_skipped_and_the_rest_change(db_url, actor, other_user, monkeypatch):
    made = [accounts.create(actor, {"name": f"Acme {n}", "city": "Oslo"}) for n in range(4)]
    real = bulk_edit._versions

    def then_a_colleague_saves(model, ids):  # between the read of the versions and the writes
        found = real(model, ids)
        accounts.update(other_user, made[2].id, {"phone": "+47 22 00 00 00"}, made[2].version)
        return found

    monkeypatch.setattr(bulk_edit, "_versions", then_a_colleague_saves)
    done = bulk_edit.update_many(actor, _in("Oslo"), {"industry": "Consulting"})
    assert done.conflicts == [made[2].id] and done.changed == 3
    assert Account.get_by_id(made[2].id).industry is None  # theirs kept, nothing overwritten
    assert Account.get_by_id(made[2].id).phone == "+47 22 00 00 00"


def test_a_rule_refusing_one_row_leaves_the_others_changed(db_url, actor):
    parent = accounts.create(actor, {"name": "Parent", "city": "Oslo"})
    child = accounts.create(actor, {"name": "Child", "city": "Oslo", "parent": parent.id})
    other = accounts.create(actor, {"name": "Other", "city": "Oslo"})
    done = bulk_edit.update_many(actor, _in("Oslo"), {"parent": child.id})  # the parent under its own child: a cycle
    assert parent.id in done.refused and child.id in done.refused
    assert Account.get_by_id(other.id).parent_id == child.id
    with pytest.raises(ValidationError):  # a bad value is refused before any row is touched
        bulk_edit.update_many(actor, _in("Oslo"), {"employees": "many"})


def test_a_cancel_between_batches_keeps_whole_batches(db_url, actor, monkeypatch):
    monkeypatch.setattr(bulk_edit, "BATCH", 3)
    for n in range(8):
        accounts.create(actor, {"name": f"Acme {n}", "city": "Oslo"})
    batches = []
    done = bulk_edit.update_many(actor, _in("Oslo"), {"industry": "Consulting"},
                                 progress=lambda done, total: batches.append(done),
                                 cancelled=lambda: len(batches) == 2)
    assert done.cancelled and done.changed == 6 and batches == [3, 6]
    assert Account.select().where(Account.industry == "Consulting").count() == 6


def test_the_command_changes_a_view_at_once_and_says_what_it_did(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    for n in range(3):
        assert cli("account", "create", "--db", db, "--set", f"name=Acme {n}", "--set", "city=Oslo").returncode == 0
    dry = cli("account", "update", "--where", "city=Oslo", "--set", "industry=Consulting", "--dry-run", "-f", "json",
              "--db", db)
    assert dry.returncode == 0 and json.loads(dry.stdout)["changed"] == 3
    done = cli("account", "update", "--where", "city=Oslo", "--set", "industry=Consulting", "--db", db)
    assert done.returncode == 0 and "changed 3" in done.stdout
    again = cli("account", "update", "--where", "city=Oslo", "--set", "industry=Consulting", "-f", "json", "--db", db)
    assert json.loads(again.stdout)["unchanged"] == 3
    bad = cli("account", "update", "--where", "city=Oslo", "--set", "employees=many", "--db", db)
    assert bad.returncode == 5 and "whole number" in bad.stderr
    assert cli("account", "update", "--set", "city=Rome", "--db", db).returncode == 5  # no ID, no rows named
    assert cli("account", "update", "1", "--where", "city=Oslo", "--set", "city=Rome", "--db", db).returncode == 2


def test_marked_rows_or_all_but_some_are_deactivated_activated_and_deleted(db_url, actor, other_user, monkeypatch):
    from crm_tui.services.customers.contacts import contacts

    rows = [accounts.create(actor, {"name": f"Acct {n}", "city": "Oslo"}) for n in range(6)]
    everyone = ListQuery("account", state=None)
    marked = [rows[0].id, rows[2].id, rows[3].id]
    real_versions = bulk_edit._versions

    def colleague_first(model, ids):  # rows[3] is saved by someone between the marking and the run
        found = real_versions(model, ids)
        accounts.update(other_user, rows[3].id, {"city": "Rome"}, accounts.get(rows[3].id).version)
        return found

    monkeypatch.setattr(bulk_edit, "_versions", colleague_first)
    done = bulk_edit.apply(actor, everyone, bulk_edit.DEACTIVATE, marked=marked)
    monkeypatch.setattr(bulk_edit, "_versions", real_versions)
    assert (done.matched, done.changed, done.conflicts) == (3, 2, [rows[3].id])
    assert {a.id for a in Account.select().where(Account.state == "inactive")} == {rows[0].id, rows[2].id}
    again = bulk_edit.apply(actor, everyone, bulk_edit.DEACTIVATE, marked=marked)
    assert (again.changed, again.unchanged) == (1, 2)  # the two inactive already: left alone
    back = bulk_edit.apply(actor, everyone, bulk_edit.ACTIVATE, excluded=frozenset({rows[5].id}))
    assert (back.matched, back.changed) == (5, 3)
    contacts.create(actor, {"last_name": "Held", "parent_customer": rows[1].id})
    gone = bulk_edit.apply(actor, everyone, bulk_edit.DELETE, marked=[rows[1].id, rows[4].id])
    assert gone.changed == 1 and list(gone.refused) == [rows[1].id]  # it still has a contact
    assert not Account.select().where(Account.id == rows[4].id).exists()
    with pytest.raises(ValidationError):
        bulk_edit.apply(actor, everyone, bulk_edit.SET, {})
