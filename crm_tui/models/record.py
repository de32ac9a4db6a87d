"""The columns every record carries, and those of records with an address."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from crm_tui.models.base import ACTIVE, BaseModel, utcnow
from crm_tui.models.user import User


class RecordModel(BaseModel):
    """Owner, audit stamps, state and the optimistic-concurrency version."""

    @classmethod
    def record_type_key(cls) -> str:
        """The record type its rows are audited as (the table's name, unless the model says)."""
        return getattr(cls, "RECORD_TYPE", cls._meta.table_name)

    state = CharField(default=ACTIVE, max_length=16)
    version = IntegerField(default=1)
    created_on = DateTimeField(default=utcnow)
    modified_on = DateTimeField(default=utcnow)
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    modified_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")


class AddressedRecord(RecordModel):
    """A record with a postal address and a free-text description."""

    street = CharField(max_length=250, null=True)
    city = CharField(max_length=80, null=True)
    state_province = CharField(max_length=50, null=True)
    postal_code = CharField(max_length=20, null=True)
    country = CharField(max_length=80, null=True)
    description = TextField(null=True)
