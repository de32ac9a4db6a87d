"""Peewee models and the database they live in."""

from crm_tui.models.activity import Activity
from crm_tui.models.audit import AuditEntry
from crm_tui.models.base import ACTIVE, INACTIVE, BaseModel, utcnow
from crm_tui.models.customer import Account, Contact
from crm_tui.models.db import database
from crm_tui.models.sales import Lead, Opportunity
from crm_tui.models.service import Case, Entitlement, Sla
from crm_tui.models.user import User
from crm_tui.models.view import SavedView

ALL_MODELS = (User, Account, Contact, AuditEntry, Activity, Lead, Opportunity, Sla, Entitlement, Case, SavedView)

__all__ = [
    "ACTIVE",
    "ALL_MODELS",
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
