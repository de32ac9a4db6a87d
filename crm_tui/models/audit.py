"""The audit history: who changed which field of which record, when, from what to what."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from crm_tui.models.base import BaseModel, utcnow
from crm_tui.models.user import User


class AuditEntry(BaseModel):
    record_type = CharField(max_length=40)
    record_id = IntegerField()
    action = CharField(max_length=40)  # created, updated, deactivated, activated, deleted, ...
    field = CharField(max_length=60, null=True)
    old_value = TextField(null=True)
    new_value = TextField(null=True)
    user = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("record_type", "record_id", "at"), False),)
