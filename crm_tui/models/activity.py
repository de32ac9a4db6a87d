"""Activities, notes and system events: everything a record's timeline shows, in one table.

One table, like Dynamics' activity pointer: a timeline page is one keyset range on
(regarding, timeline_at, id), and an account's rolled-up timeline one range on
(rollup_account, timeline_at, id), whatever kinds it mixes.
"""

from peewee import CharField, DateTimeField, IntegerField, TextField

from crm_tui.models.base import utcnow
from crm_tui.models.record import RecordModel


class Activity(RecordModel):
    kind = CharField(max_length=20)  # task, phone_call, email, appointment, note, event
    subject = CharField(max_length=200)
    description = TextField(null=True)
    regarding_type = CharField(max_length=30)
    regarding_id = IntegerField()
    rollup_account = IntegerField(null=True)  # the account whose rolled-up timeline shows it
    status_reason = CharField(max_length=40, null=True)
    priority = CharField(max_length=10, default="Normal")
    due_at = DateTimeField(null=True)
    start_at = DateTimeField(null=True)
    end_at = DateTimeField(null=True)
    duration_minutes = IntegerField(null=True)
    direction = CharField(max_length=10, null=True)  # Incoming / Outgoing
    phone_number = CharField(max_length=50, null=True)
    email_from = CharField(max_length=300, null=True)
    email_to = TextField(null=True)
    email_cc = TextField(null=True)
    location = CharField(max_length=200, null=True)
    attendees = TextField(null=True)
    completed_on = DateTimeField(null=True)
    remind_minutes = IntegerField(null=True)  # remind this long before it is due or starts
    remind_at = DateTimeField(null=True)  # when to remind (from remind_minutes, or typed)
    reminded_on = DateTimeField(null=True)  # when the reminder was shown: not again
    timeline_at = DateTimeField(default=utcnow)
    # Open activities only: due or start, else FAR_FUTURE; NULL once closed (and for notes and
    # events), so My activities is one index range in (owner, agenda_at, id).
    agenda_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("regarding_type", "regarding_id", "timeline_at", "id"), False),
            (("rollup_account", "timeline_at", "id"), False),
            (("owner", "agenda_at", "id"), False),
            (("owner", "remind_at"), False),
        )
