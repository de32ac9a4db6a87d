"""The audit history of every change."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from crm_tui.models.migrations._frozen import frozen_base, user_table

VERSION = 2
TITLE = "audit history"


def up(db):
    Frozen = frozen_base(db)
    User = user_table(Frozen)

    class AuditEntry(Frozen):
        record_type = CharField(max_length=40)
        record_id = IntegerField()
        action = CharField(max_length=40)
        field = CharField(max_length=60, null=True)
        old_value = TextField(null=True)
        new_value = TextField(null=True)
        user = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
        at = DateTimeField()

        class Meta:
            indexes = ((("record_type", "record_id", "at"), False),)

    db.create_tables([AuditEntry])
