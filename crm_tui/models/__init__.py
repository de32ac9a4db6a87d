"""Peewee models and the database they live in."""

import importlib
import pkgutil
from functools import cache

from crm_tui.models.activity import Activity
from crm_tui.models.audit import AuditEntry
from crm_tui.models.base import ACTIVE, INACTIVE, BaseModel, utcnow
from crm_tui.models.customer import Account, Contact
from crm_tui.models.db import database
from crm_tui.models.record import AddressedRecord, RecordModel
from crm_tui.models.sales import Lead, Opportunity
from crm_tui.models.service import Case, Entitlement, Sla
from crm_tui.models.user import User
from crm_tui.models.view import SavedView

_TABLELESS = (RecordModel, AddressedRecord)  # the fields and rules tables share


@cache
def all_models() -> tuple[type[BaseModel], ...]:
    """Every table's model: each module of this package is read, so a new one needs no edit here."""
    for info in pkgutil.iter_modules(__path__):
        if info.name != "migrations":
            importlib.import_module(f"{__name__}.{info.name}")
    found, waiting = [], [BaseModel]
    while waiting:
        for model in waiting.pop(0).__subclasses__():
            waiting.append(model)
            if model not in _TABLELESS and model.__module__.startswith(__name__):
                found.append(model)
    return tuple(found)

__all__ = [
    "ACTIVE",
    "all_models",
    "Activity",
    "Case",
    "Entitlement",
    "Sla",
    "SavedView",
    "INACTIVE",
    "Lead",
    "Opportunity",
    "Account",
    "AuditEntry",
    "BaseModel",
    "Contact",
    "User",
    "database",
    "utcnow",
]
