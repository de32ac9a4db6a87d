from decimal import Decimal

import pytest

from crm_tui.models import Account, AuditEntry, Contact
from crm_tui.services import audit
from crm_tui.services.customers import hierarchy
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import (
    ConflictError,
    DeleteBlockedError,
    NotFoundError,
    ValidationError,
)


def test_create_account_with_every_kind_of_field(actor):
    account = accounts.create(actor, {
        "name": "  Northwind Traders ", "phone": "+1 (425) 555-0100 x12", "email": "info@northwind.example",
        "website": "northwind.example", "annual_revenue": "1,250,000.50", "employees": "250",
        "industry": "Wholesale", "relationship_type": "Customer", "city": "Seattle",
    })
    stored = Account.get_by_id(account.id)
    assert stored.name == "Northwind Traders"
    assert stored.sort_name == "northwind traders"
    assert stored.annual_revenue == Decimal("1250000.50")
    assert stored.employees == 250
    assert stored.owner_id == actor.id and stored.created_by_id == actor.id
    assert stored.version == 1 and stored.state == "active"
    history = audit.history("account", account.id)
    assert {row[2] for row in history} == {"created"}  # one row per field it was made with
    assert ("name", None, "Northwind Traders") in [row[3:] for row in history]


@pytest.mark.parametrize("field, value, message", [
    ("name", "   ", "Required"),
    ("email", "not-an-email", "email address"),
    ("email", "a@b", "email address"),
    ("phone", "call me", "phone number"),
    ("phone", "12", "phone number"),
    ("website", "http://exa mple.com", "web address"),
    ("website", "localhost", "web address"),
    ("annual_revenue", "-5", "negative"),
    ("annual_revenue", "lots", "amount"),
    ("annual_revenue", "1.005", "two decimal"),
    ("employees", "-1", "negative"),
    ("employees", "3.5", "whole number"),
    ("industry", "Space Piracy", "Choose one of"),
    ("name", "x" * 161, "At most 160"),
])
def test_create_refuses_bad_input_field_by_field(actor, field, value, message):
    data = {"name": "Valid Name", field: value}
    with pytest.raises(ValidationError) as info:
        accounts.create(actor, data)
    assert message in info.value.errors[field]
    assert Account.select().count() == 0


def test_all_errors_are_reported_at_once(actor):
    with pytest.raises(ValidationError) as info:
        accounts.create(actor, {"name": "", "email": "bad", "employees": "-3"})
    assert set(info.value.errors) == {"name", "email", "employees"}


def test_update_saves_changes_bumps_version_and_audits(actor, other_user):
    account = accounts.create(actor, {"name": "Fabrikam"})
    updated = accounts.update(other_user, account.id, {"city": "Berlin", "name": "Fabrikam GmbH"}, 1)
    assert updated.version == 2
    stored = Account.get_by_id(account.id)
    assert (stored.city, stored.sort_name, stored.modified_by_id) == ("Berlin", "fabrikam gmbh", other_user.id)
    changes = {(r.field, r.old_value, r.new_value) for r in AuditEntry.select().where(AuditEntry.action == "updated")}
    assert changes == {("city", None, "Berlin"), ("name", "Fabrikam", "Fabrikam GmbH")}


def test_update_without_changes_writes_nothing(actor):
    account = accounts.create(actor, {"name": "Same", "city": "Paris"})
    assert accounts.update(actor, account.id, {"city": "Paris"}, 1).version == 1


def test_stale_save_raises_conflict_with_both_values_and_writes_nothing(actor, other_user):
    account = accounts.create(actor, {"name": "Litware", "city": "Oslo"})
    accounts.update(other_user, account.id, {"city": "Bergen"}, 1)
    with pytest.raises(ConflictError) as info:
        accounts.update(actor, account.id, {"city": "Trondheim"}, 1)
    conflict = info.value
    assert [(c.field, c.yours, c.theirs) for c in conflict.conflicts] == [("city", "Trondheim", "Bergen")]
    assert conflict.modified_by == "Cole League" and conflict.current_version == 2
    assert Account.get_by_id(account.id).city == "Bergen"
    # Keeping mine: save again against the version now in the database.
    accounts.update(actor, account.id, {"city": "Trondheim"}, conflict.current_version)
    assert Account.get_by_id(account.id).city == "Trondheim"


def test_parent_cycles_are_refused_at_any_depth(actor):
    top = accounts.create(actor, {"name": "Top"})
    middle = accounts.create(actor, {"name": "Middle", "parent": top.id})
    bottom = accounts.create(actor, {"name": "Bottom", "parent": middle.id})
    with pytest.raises(ValidationError) as itself:
        accounts.set_parent(actor, top.id, top.id, top.version)
    assert "cannot be this account itself" in itself.value.errors["parent"]
    with pytest.raises(ValidationError) as deep:
        accounts.set_parent(actor, top.id, bottom.id, top.version)
    assert "cycle" in deep.value.errors["parent"]
    assert Account.get_by_id(top.id).parent_id is None
    assert hierarchy.ancestors(bottom.id) == [top.id, middle.id, bottom.id]


def test_parent_must_exist(actor):
    with pytest.raises(ValidationError) as info:
        accounts.create(actor, {"name": "Orphan", "parent": 9999})
    assert "does not exist" in info.value.errors["parent"]


def test_moving_an_account_under_another(actor):
    a = accounts.create(actor, {"name": "A"})
    b = accounts.create(actor, {"name": "B"})
    accounts.set_parent(actor, b.id, a.id, b.version)
    assert [n.id for n in hierarchy.children(a.id)] == [b.id]
    assert hierarchy.top_parent(b.id) == a.id


def test_primary_contact_must_belong_to_the_account(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    other = accounts.create(actor, {"name": "Other"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    bob = contacts.create(actor, {"last_name": "Bob", "parent_customer": other.id})
    loner = contacts.create(actor, {"last_name": "Loner"})
    for outsider in (bob, loner):
        with pytest.raises(ValidationError) as info:
            accounts.set_primary_contact(actor, acme.id, outsider.id, accounts.get(acme.id).version)
        assert "not a contact of this account" in info.value.errors["primary_contact"]
    accounts.set_primary_contact(actor, acme.id, ann.id, accounts.get(acme.id).version)
    assert Account.get_by_id(acme.id).primary_contact_id == ann.id


def test_contact_leaving_the_account_stops_being_primary(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    accounts.set_primary_contact(actor, acme.id, ann.id, 1)
    contacts.update(actor, ann.id, {"parent_customer": None}, ann.version)
    account = Account.get_by_id(acme.id)
    assert account.primary_contact_id is None and account.version == 3


def test_deactivate_and_activate(actor):
    account = accounts.create(actor, {"name": "Sleepy"})
    accounts.deactivate(actor, account.id)
    assert Account.get_by_id(account.id).state == "inactive"
    accounts.activate(actor, account.id)
    stored = Account.get_by_id(account.id)
    assert stored.state == "active" and stored.version == 3
    assert list(dict.fromkeys(r[2] for r in audit.history("account", account.id))) == [
        "activated", "deactivated", "created"]


def test_delete_is_refused_while_contacts_or_subaccounts_would_be_orphaned(actor):
    parent = accounts.create(actor, {"name": "Parent Co"})
    child = accounts.create(actor, {"name": "Child Co", "parent": parent.id})
    contacts.create(actor, {"last_name": "Worker", "parent_customer": parent.id})
    with pytest.raises(DeleteBlockedError) as info:
        accounts.delete(actor, parent.id)
    assert "1 contact and 1 sub-account" in str(info.value)
    assert Account.select().count() == 2
    accounts.delete(actor, child.id)
    assert not Account.select().where(Account.id == child.id).exists()


def test_deleting_the_primary_contact_clears_it(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    accounts.set_primary_contact(actor, acme.id, ann.id, 1)
    contacts.delete(actor, ann.id)
    assert Account.get_by_id(acme.id).primary_contact_id is None
    assert Contact.select().count() == 0


def test_get_missing_record(actor):
    with pytest.raises(NotFoundError):
        accounts.get(12345)


def test_unknown_fields_and_unknown_owner_are_refused(actor):
    with pytest.raises(ValidationError) as info:
        accounts.create(actor, {"name": "X", "colour": "red"})
    assert info.value.errors == {"colour": "Unknown field"}
    with pytest.raises(ValidationError) as owner:
        accounts.create(actor, {"name": "X", "owner": 999})
    assert "owner" in owner.value.errors
