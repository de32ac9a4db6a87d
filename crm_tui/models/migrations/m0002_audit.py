"""The audit history of every change."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

VERSION = 2
TITLE = "audit history"


def up(db):
    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Frozen):
        class Meta:
            table_name = "user"

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
