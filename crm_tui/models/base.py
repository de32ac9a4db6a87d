"""The base every model shares (its timestamps come from crm_tui.core.clock)."""

from __future__ import annotations

from peewee import Model

from crm_tui.core.clock import set_clock, utcnow  # noqa: F401 (the models' clock, re-exported)
from crm_tui.models.db import database

ACTIVE = "active"
INACTIVE = "inactive"


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
