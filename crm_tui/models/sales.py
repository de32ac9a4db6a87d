"""Leads (possible sales) and opportunities (deals ready to close)."""

from peewee import (
    CharField,
    DateField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from crm_tui.models.customer import Account, Contact
from crm_tui.models.record import RecordModel


class Lead(RecordModel):
    topic = CharField(max_length=200)
    first_name = CharField(max_length=50, null=True)
    last_name = CharField(max_length=50)
    sort_name = CharField(max_length=110)  # "last first", casefolded: the list's keyset key
    job_title = CharField(max_length=100, null=True)
    company_name = CharField(max_length=160, null=True)
    email = CharField(max_length=100, null=True)
    business_phone = CharField(max_length=50, null=True)
    mobile_phone = CharField(max_length=50, null=True)
    website = CharField(max_length=200, null=True)
    source = CharField(max_length=40, null=True)
    rating = CharField(max_length=10, null=True)
    estimated_value = DecimalField(max_digits=18, decimal_places=2, null=True)
    description = TextField(null=True)
    status_reason = CharField(max_length=40)
    # What qualifying made (the opportunity points back here as its originating lead).
    qualified_account = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    qualified_contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")
    merged_into = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")  # its survivor, once merged

    class Meta:
        indexes = (
            (("state", "sort_name", "id"), False),
            (("sort_name", "id"), False),
            (("owner", "state", "sort_name", "id"), False),
            (("source", "state", "sort_name", "id"), False),
            (("rating", "state", "sort_name", "id"), False),
            (("qualified_contact",), False),
        )


class Opportunity(RecordModel):
    topic = CharField(max_length=200)
    sort_name = CharField(max_length=200)  # casefolded topic
    customer_account = ForeignKeyField(Account, null=True, backref="+", on_delete="RESTRICT")
    customer_contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="RESTRICT")
    contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")
    estimated_revenue = DecimalField(max_digits=18, decimal_places=2, null=True)
    revenue_key = DecimalField(max_digits=18, decimal_places=2, default=0)  # estimate or 0: pipeline order
    estimated_close = DateField(null=True)
    probability = IntegerField(null=True)
    stage = CharField(max_length=20)
    status_reason = CharField(max_length=20)
    actual_revenue = DecimalField(max_digits=18, decimal_places=2, null=True)
    actual_close = DateField(null=True)
    originating_lead = ForeignKeyField(Lead, null=True, backref="+", on_delete="SET NULL")
    description = TextField(null=True)

    class Meta:
        indexes = (
            (("owner", "state", "estimated_close"), False),
            (("state", "sort_name", "id"), False),
            (("sort_name", "id"), False),
            (("owner", "state", "sort_name", "id"), False),
            (("state", "stage", "revenue_key", "id"), False),
            (("state", "stage", "revenue_key", "probability"), False),  # the pipeline's totals, from the index alone
            (("owner", "state", "stage", "revenue_key", "id"), False),
            (("customer_account", "sort_name", "id"), False),
            (("customer_contact", "sort_name", "id"), False),
            (("contact", "sort_name", "id"), False),
            (("originating_lead",), False),
        )
