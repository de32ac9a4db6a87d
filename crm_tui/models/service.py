"""Service: SLAs (how fast), entitlements (how much support) and cases (the customers' problems)."""

from peewee import (
    BigIntegerField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from crm_tui.models.customer import Account, Contact
from crm_tui.models.record import RecordModel


class Sla(RecordModel):
    name = CharField(max_length=100)
    sort_name = CharField(max_length=100)
    priority = CharField(max_length=10)  # the cases it applies to
    first_response_minutes = IntegerField()
    resolve_minutes = IntegerField()
    warn_percent = IntegerField(default=75)  # "nearing noncompliance" once this share of the time is gone
    description = TextField(null=True)

    class Meta:
        indexes = ((("state", "sort_name", "id"), False), (("sort_name", "id"), False), (("priority", "state"), False))


class Entitlement(RecordModel):
    name = CharField(max_length=160)
    sort_name = CharField(max_length=160)
    customer_account = ForeignKeyField(Account, null=True, backref="+", on_delete="RESTRICT")
    customer_contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="RESTRICT")
    start_date = DateField()
    end_date = DateField()
    allocation = CharField(max_length=20)  # Number of cases / Number of hours
    total_terms = DecimalField(max_digits=10, decimal_places=2)
    remaining_terms = DecimalField(max_digits=10, decimal_places=2)
    decrease_on = CharField(max_length=20)  # Case creation / Case resolution
    status_reason = CharField(max_length=20)
    description = TextField(null=True)

    class Meta:
        indexes = (
            (("state", "sort_name", "id"), False),
            (("sort_name", "id"), False),
            (("owner", "state", "sort_name", "id"), False),
            (("state", "end_date"), False),
            (("customer_account", "state", "end_date"), False),
            (("customer_contact", "state", "end_date"), False),
        )


class Case(RecordModel):
    RECORD_TYPE = "case"  # its table is "incident" ("case" is an SQL keyword)
    title = CharField(max_length=200)
    sort_name = CharField(max_length=200)  # casefolded title
    customer_account = ForeignKeyField(Account, null=True, backref="+", on_delete="RESTRICT")
    customer_contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="RESTRICT")
    contact = ForeignKeyField(Contact, null=True, backref="+", on_delete="SET NULL")
    priority = CharField(max_length=10)
    queue_key = BigIntegerField()  # priority rank, then age: the "by priority" queue's order
    origin = CharField(max_length=20, null=True)
    case_type = CharField(max_length=20, null=True)
    description = TextField(null=True)
    parent_case = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")
    merged_into = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")
    entitlement = ForeignKeyField(Entitlement, null=True, backref="+", on_delete="RESTRICT")
    entitlement_charged = DecimalField(max_digits=10, decimal_places=2, null=True)  # terms taken from it
    status_reason = CharField(max_length=30)
    resolution_type = CharField(max_length=30, null=True)
    resolution = TextField(null=True)
    time_spent_minutes = IntegerField(null=True)
    resolved_on = DateTimeField(null=True)
    resolve_minutes = IntegerField(null=True)  # created to resolved: the dashboard's average
    first_responded_on = DateTimeField(null=True)
    sla = ForeignKeyField(Sla, null=True, backref="+", on_delete="SET NULL")
    first_response_by = DateTimeField(null=True)
    first_response_warn = DateTimeField(null=True)
    resolve_by = DateTimeField(null=True)
    resolve_warn = DateTimeField(null=True)
    sla_paused_on = DateTimeField(null=True)  # On Hold since then: the clock is stopped
    sla_paused_minutes = IntegerField(default=0)  # time spent on hold before, added to every deadline
    # The next deadline while the clock runs (NULL when paused, closed or without SLA), and when to warn:
    # the "nearing or past SLA" queue is one index range.
    sla_due_at = DateTimeField(null=True)
    sla_warn_at = DateTimeField(null=True)

    class Meta:
        table_name = "incident"  # "case" is an SQL keyword
        indexes = (
            (("state", "sort_name", "id"), False),
            (("sort_name", "id"), False),
            (("owner", "state", "sort_name", "id"), False),
            (("state", "queue_key", "id"), False),
            (("owner", "state", "queue_key", "id"), False),
            (("origin", "state", "queue_key", "id"), False),
            (("sla_due_at", "id"), False),
            (("state", "priority", "status_reason"), False),
            (("customer_account", "state", "id"), False),
            (("customer_contact", "state", "id"), False),
            (("contact", "state", "id"), False),
            (("parent_case", "state"), False),
            (("entitlement", "id"), False),
            (("first_responded_on", "first_response_by"), False),  # the dashboard reads these two alone
            (("resolved_on", "resolve_by", "resolve_minutes"), False),
            (("state", "first_response_by"), False),
            (("state", "resolve_by"), False),
        )
