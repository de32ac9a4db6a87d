"""Accounts (organisations) and contacts (people): the customer records."""

from peewee import (
    CharField,
    DecimalField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
)

from crm_tui.models.record import AddressedRecord


class Account(AddressedRecord):
    # Migration 6 adds what a model cannot declare: the search documents and the views'
    # lower(city), lower(country) indexes (contacts too, and lower(job_title)).
    name = CharField(max_length=160)
    sort_name = CharField(max_length=160)  # casefolded name: the list's keyset key
    account_number = CharField(max_length=20, null=True)
    phone = CharField(max_length=50, null=True)
    email = CharField(max_length=100, null=True)
    website = CharField(max_length=200, null=True)
    industry = CharField(max_length=100, null=True)
    relationship_type = CharField(max_length=100, null=True)
    annual_revenue = DecimalField(max_digits=18, decimal_places=2, null=True)
    employees = IntegerField(null=True)
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    primary_contact = DeferredForeignKey("Contact", null=True, on_delete="SET NULL")
    merged_into = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")  # its survivor, once merged

    class Meta:
        indexes = (
            (("sort_name", "id"), False),
            (("state", "sort_name", "id"), False),
            (("owner", "state", "sort_name", "id"), False),
            (("parent", "sort_name", "id"), False),
        )


class Contact(AddressedRecord):
    first_name = CharField(max_length=50, null=True)
    last_name = CharField(max_length=50)
    sort_name = CharField(max_length=110)  # "last first", casefolded
    alt_sort_name = CharField(max_length=110)  # "first last", casefolded: find by first name
    job_title = CharField(max_length=100, null=True)
    email = CharField(max_length=100, null=True)
    email2 = CharField(max_length=100, null=True)
    business_phone = CharField(max_length=50, null=True)
    mobile_phone = CharField(max_length=50, null=True)
    parent_customer = ForeignKeyField(Account, null=True, backref="contacts", on_delete="RESTRICT")
    vcard_uid = CharField(max_length=255, null=True, unique=True)  # the UID of the vCard it came from
    merged_into = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")  # its survivor, once merged

    class Meta:
        indexes = (
            (("sort_name", "id"), False),
            (("state", "sort_name", "id"), False),
            (("owner", "state", "sort_name", "id"), False),
            (("alt_sort_name", "id"), False),
            (("parent_customer", "sort_name", "id"), False),
        )
