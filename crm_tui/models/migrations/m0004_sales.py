"""Leads and opportunities."""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from crm_tui.models.migrations._frozen import frozen_base, user_table

VERSION = 4
TITLE = "leads and opportunities"


def up(db):
    Frozen = frozen_base(db)
    User = user_table(Frozen)

    class Account(Frozen):
        class Meta:
            table_name = "account"

    class Contact(Frozen):
        class Meta:
            table_name = "contact"

    class Record(Frozen):
        state = CharField(max_length=16)
        version = IntegerField()
        created_on = DateTimeField()
        modified_on = DateTimeField()
        owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        modified_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")

    class Lead(Record):
        topic = CharField(max_length=200)
        first_name = CharField(max_length=50, null=True)
        last_name = CharField(max_length=50)
        sort_name = CharField(max_length=110)
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
        qualified_account = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
        qualified_contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")

        class Meta:
            table_name = "lead"
            indexes = (
                (("state", "sort_name", "id"), False),
                (("sort_name", "id"), False),
                (("owner", "state", "sort_name", "id"), False),
                (("source", "state", "sort_name", "id"), False),
                (("rating", "state", "sort_name", "id"), False),
                (("qualified_contact",), False),
            )

    class Opportunity(Record):
        topic = CharField(max_length=200)
        sort_name = CharField(max_length=200)
        customer_account = ForeignKeyField(Account, null=True, backref="+", on_delete="RESTRICT")
        customer_contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="RESTRICT")
        contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")
        estimated_revenue = DecimalField(max_digits=18, decimal_places=2, null=True)
        revenue_key = DecimalField(max_digits=18, decimal_places=2, default=0)
        estimated_close = DateField(null=True)
        probability = IntegerField(null=True)
        stage = CharField(max_length=20)
        status_reason = CharField(max_length=20)
        actual_revenue = DecimalField(max_digits=18, decimal_places=2, null=True)
        actual_close = DateField(null=True)
        originating_lead = ForeignKeyField(Lead, null=True, backref="+", on_delete="SET NULL")
        description = TextField(null=True)

        class Meta:
            table_name = "opportunity"
            indexes = (
                (("state", "sort_name", "id"), False),
                (("sort_name", "id"), False),
                (("owner", "state", "sort_name", "id"), False),
                (("state", "stage", "revenue_key", "id"), False),
                (("state", "stage", "revenue_key", "probability"), False),
                (("owner", "state", "stage", "revenue_key", "id"), False),
                (("customer_account", "sort_name", "id"), False),
                (("customer_contact", "sort_name", "id"), False),
                (("contact", "sort_name", "id"), False),
                (("originating_lead",), False),
            )

    db.create_tables([Lead, Opportunity])
    # Qualifying looks for a contact with the lead's email, whatever its case.
    db.execute_sql('CREATE INDEX contact_email_lower ON contact (lower(email))')
