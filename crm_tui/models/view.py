"""A user's own list views: a record type's list with their filters, sort and columns."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from crm_tui.models.base import BaseModel, utcnow
from crm_tui.models.user import User


class SavedView(BaseModel):
    owner = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    record_type = CharField(max_length=40)
    name = CharField(max_length=100)
    sort_name = CharField(max_length=100)  # casefolded: one name per user and record type
    definition = TextField()  # JSON: filters, sort, columns
    created_on = DateTimeField(default=utcnow)
    modified_on = DateTimeField(default=utcnow)

    class Meta:
        table_name = "saved_view"
        indexes = ((("owner", "record_type", "sort_name"), True),)
