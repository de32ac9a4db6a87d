"""Base model and the columns every record carries."""

from __future__ import annotations

import datetime as dt

from peewee import CharField, DateTimeField, IntegerField, Model

from crm_tui.models.db import database

ACTIVE = "active"
INACTIVE = "inactive"


def utcnow() -> dt.datetime:
    """Naive UTC 'now', the one clock every timestamp uses (patched by tests)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class RecordModel(BaseModel):
    """Common columns: audit stamps, state and the optimistic-concurrency version.

    created_by / modified_by / owner are declared on each model, because they are
    foreign keys to User and Peewee needs a distinct backref per model.
    """

    state = CharField(default=ACTIVE, max_length=16)
    version = IntegerField(default=1)
    created_on = DateTimeField(default=utcnow)
    modified_on = DateTimeField(default=utcnow)
