"""Each user's recent and pinned records."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from crm_tui.models.base import BaseModel, utcnow
from crm_tui.models.user import User


class RecentRecord(BaseModel):
    """A record a user opened, and when last: the newest few are kept."""
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    record_type = CharField(max_length=40)
    record_id = IntegerField()
    opened_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "recent_record"
        indexes = ((("user", "record_type", "record_id"), True), (("user", "id"), False))


class PinnedRecord(BaseModel):
    """A record a user pinned, to reach it in two keys whatever they opened since."""
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    record_type = CharField(max_length=40)
    record_id = IntegerField()
    pinned_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "pinned_record"
        indexes = ((("user", "record_type", "record_id"), True),)
