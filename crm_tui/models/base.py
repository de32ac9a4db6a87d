"""The base every model shares, and the one clock every timestamp uses."""

from __future__ import annotations

import datetime as dt

from peewee import Model

from crm_tui.models.db import database

ACTIVE = "active"
INACTIVE = "inactive"


_fixed_now: dt.datetime | None = None


def utcnow() -> dt.datetime:
    """Naive UTC 'now': the real clock, unless set_clock fixed it (tests of SLA timing do)."""
    if _fixed_now is not None:
        return _fixed_now
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def set_clock(now: dt.datetime | None) -> None:
    """Fix what utcnow() answers (None: back to the real clock)."""
    global _fixed_now
    _fixed_now = now


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
