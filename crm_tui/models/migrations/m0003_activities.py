"""Activities, notes and system events."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from crm_tui.models.migrations._frozen import frozen_base, user_table

VERSION = 3
TITLE = "activities, notes and the timeline"


def up(db):
    Frozen = frozen_base(db)
    User = user_table(Frozen)

    class Activity(Frozen):
        state = CharField(max_length=16)
        version = IntegerField()
        created_on = DateTimeField()
        modified_on = DateTimeField()
        owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        modified_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        kind = CharField(max_length=20)
        subject = CharField(max_length=200)
        description = TextField(null=True)
        regarding_type = CharField(max_length=30)
        regarding_id = IntegerField()
        rollup_account = IntegerField(null=True)
        status_reason = CharField(max_length=40, null=True)
        priority = CharField(max_length=10)
        due_at = DateTimeField(null=True)
        start_at = DateTimeField(null=True)
        end_at = DateTimeField(null=True)
        duration_minutes = IntegerField(null=True)
        direction = CharField(max_length=10, null=True)
        phone_number = CharField(max_length=50, null=True)
        email_from = CharField(max_length=300, null=True)
        email_to = TextField(null=True)
        email_cc = TextField(null=True)
        location = CharField(max_length=200, null=True)
        attendees = TextField(null=True)
        completed_on = DateTimeField(null=True)
        timeline_at = DateTimeField()
        agenda_at = DateTimeField(null=True)

        class Meta:
            indexes = (
                (("regarding_type", "regarding_id", "timeline_at", "id"), False),
                (("rollup_account", "timeline_at", "id"), False),
                (("owner", "agenda_at", "id"), False),
            )

    db.create_tables([Activity])
