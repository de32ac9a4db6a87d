import pytest

from crm_tui.models import Contact
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import ValidationError


def test_create_contact_in_an_account(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "job_title": "Buyer",
                                  "email": "ann@acme.example", "business_phone": "+44 20 7946 0018",
                                  "parent_customer": acme.id})
    stored = Contact.get_by_id(ann.id)
    assert (stored.sort_name, stored.alt_sort_name) == ("lee ann", "ann lee")
    assert stored.parent_customer_id == acme.id


def test_a_person_alone_is_a_contact_too(actor):
    solo = contacts.create(actor, {"last_name": "Solo"})
    assert solo.parent_customer_id is None


@pytest.mark.parametrize("field, value", [
    ("last_name", ""), ("email", "ann@"), ("email2", "two@@x.com"),
    ("business_phone", "abc"), ("mobile_phone", "+"), ("parent_customer", 424242),
])
def test_bad_contact_input_is_refused(actor, field, value):
    with pytest.raises(ValidationError) as info:
        contacts.create(actor, {"last_name": "Lee", field: value})
    assert field in info.value.errors
    assert Contact.select().count() == 0


def test_markup_and_escape_codes_are_stored_as_typed(actor):
    name = "[bold]ACME[/] \x1b[31mred"
    contact = contacts.create(actor, {"last_name": name})
    assert Contact.get_by_id(contact.id).last_name == name


def test_a_delete_is_checked_before_it_is_asked_for_and_the_check_writes_nothing(actor):
    from crm_tui.models import Account
    from crm_tui.services.errors import DeleteBlockedError
    from crm_tui.services.sales.opportunities import opportunities

    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    accounts.set_primary_contact(actor, acme.id, ann.id, accounts.get(acme.id).version)
    version = accounts.get(acme.id).version
    contacts.check_delete(actor, ann.id)  # allowed: and deleting would clear the primary contact, checking does not
    assert (Account.get_by_id(acme.id).primary_contact_id, Account.get_by_id(acme.id).version) == (ann.id, version)
    opportunities.create(actor, {"topic": "25 printers", "customer": ("contact", ann.id)})
    with pytest.raises(DeleteBlockedError) as refused:
        contacts.check_delete(actor, ann.id)
    assert "1 opportunity" in str(refused.value)
    with pytest.raises(DeleteBlockedError):
        accounts.check_delete(actor, acme.id)
