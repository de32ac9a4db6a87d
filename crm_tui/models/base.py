"""The base every model shares, and the one clock every timestamp uses."""

from __future__ import annotations

import datetime as dt

from peewee import Model

from crm_tui.models.db import database

ACTIVE = "active"
INACTIVE = "inactive"


def utcnow() -> dt.datetime:
    """Naive UTC 'now' (patched by tests that need a controlled clock)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
