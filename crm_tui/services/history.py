"""A record's change history, read from the audit: who changed which field when, from what to
what; and, beside its own, what happened to the records linked to it (a contact of an account
moved or deleted, an activity about it completed), each named.

Read a page at a time, newest first, after a (when, id) key: a record with thousands of changes
opens as fast as one with three. Narrowed by field and by user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from crm_tui.core.fields import REFERENCE, display
from crm_tui.core.types import definition, is_activity
from crm_tui.models import Activity, AuditEntry, User
from crm_tui.services import timeline
from crm_tui.services.record_detail import label_of
from crm_tui.services.records import referrers
from crm_tui.services.registry import service

PAGE = 100


@dataclass(frozen=True)
class Change:
    id: int
    at: dt.datetime  # UTC
    user: str  # the display name of who did it
    record_type: str  # the audit's type: "account", "case", "activity"...
    record_id: int
    record: str  # for a linked record's change, which record ("Contact Ann Lee"); "" for the record's own
    action: str  # created, updated, deleted, deactivated, won...
    field: str  # the field's label, "" for an action without fields
    old: str | None
    new: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "user": self.user, "record_type": self.record_type,
                "record_id": self.record_id, "record": self.record, "action": self.action, "field": self.field,
                "old": self.old, "new": self.new}


@dataclass(frozen=True)
class HistoryPage:
    changes: list[Change]
    after: tuple[dt.datetime, int] | None  # the key to read the next page after; None: no more


def _linked_terms(record_type: str, record_id: int) -> list:
    """The audit rows of records linked to this one: those pointing at it now, those deleted while
    they did (their delete keeps the link's value), and the activities about it."""
    svc = service(record_type)
    terms = []
    for other, fk in referrers(svc.model):
        if other is svc.model and fk.name == "merged_into":
            continue
        audited_as = service(other.record_type_key()).audit_type if other.record_type_key() != "activity" else "activity"
        pointing = other.select(other.id).where(fk == record_id)
        terms.append((AuditEntry.record_type == audited_as) & AuditEntry.record_id.in_(pointing))
        terms.append((AuditEntry.record_type == audited_as) & (AuditEntry.action == "deleted")
                     & (AuditEntry.field == fk.name) & (AuditEntry.old_value == display(record_id)))
    if not is_activity(record_type):
        about = Activity.select(Activity.id).where((Activity.regarding_type == record_type)
                                                   & (Activity.regarding_id == record_id))
        terms.append((AuditEntry.record_type == "activity") & AuditEntry.record_id.in_(about))
    return terms


def _spec(record_type: str, name: str | None):
    try:
        return definition(record_type if record_type != "activity" else "task").field(name) if name else None
    except KeyError:
        return None


def _label(record_type: str, name: str | None) -> str:
    if not name:
        return ""
    spec = _spec(record_type, name)
    return spec.label if spec else name.replace("_", " ").capitalize()


class _LinkNames:
    """A link's value as the audit keeps it (the id, as text) shown by the linked record's name;
    each read once a page."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int], str] = {}

    def shown(self, record_type: str, name: str | None, value: str | None) -> str | None:
        spec = _spec(record_type, name)
        if value is None or spec is None or spec.kind != REFERENCE:
            return value
        digits = value.replace(",", "")
        if not digits.isdigit():
            return value  # a merge's or a delete's own words ("Contoso (12)")
        key = (spec.target, int(digits))
        if key not in self.known:
            self.known[key] = label_of(spec.target, key[1])
        return self.known[key]


def page(record_type: str, record_id: int, *, field: str | None = None, user_id: int | None = None,
         related: bool = True, after: tuple[dt.datetime, int] | None = None, limit: int = PAGE) -> HistoryPage:
    """The newest changes (after the key given, if any): the record's own, and its linked records'."""
    audited_as = service(record_type).audit_type
    own = (AuditEntry.record_type == audited_as) & (AuditEntry.record_id == record_id)
    where = own
    if related:
        for term in _linked_terms(record_type, record_id):
            where = where | term
    if field:
        where = where & (AuditEntry.field == field)
    if user_id is not None:
        where = where & (AuditEntry.user == user_id)
    if after is not None:
        at, last_id = after
        where = where & ((AuditEntry.at < at) | ((AuditEntry.at == at) & (AuditEntry.id < last_id)))
    rows = list(AuditEntry.select(AuditEntry.id, AuditEntry.at, User.display_name, AuditEntry.record_type,
                                  AuditEntry.record_id, AuditEntry.action, AuditEntry.field, AuditEntry.old_value,
                                  AuditEntry.new_value)
                .join(User, JOIN.LEFT_OUTER).where(where)
                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit + 1).tuples())
    more = len(rows) > limit
    rows = rows[:limit]
    names = _names([(kind, rid) for _id, _at, _user, kind, rid, *_rest in rows
                    if (kind, rid) != (audited_as, record_id)])
    linked = _LinkNames()
    changes = [Change(cid, at, user or "", kind, rid,
                      "" if (kind, rid) == (audited_as, record_id) else names.get((kind, rid), f"{kind} {rid}"),
                      action, _label(kind, name), linked.shown(kind, name, old), linked.shown(kind, name, new))
               for cid, at, user, kind, rid, action, name, old, new in rows]
    return HistoryPage(changes, (rows[-1][1], rows[-1][0]) if more and rows else None)


def _names(records: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Each linked record's type and name ("Contact Ann Lee"); a deleted one's says so."""
    wanted = list(dict.fromkeys(records))
    labels = timeline.labels(wanted)
    found = {}
    for kind, rid in wanted:
        singular = "Activity" if kind == "activity" else definition(kind).singular
        label = labels.get((kind, rid))
        found[(kind, rid)] = f"{singular} {label}" if label else f"{singular} {rid} (deleted)"
    return found


def fields_changed(record_type: str, record_id: int) -> list[tuple[str, str]]:
    """The fields its own history has changed: (name, label), for narrowing by field."""
    audited_as = service(record_type).audit_type
    names = [row[0] for row in AuditEntry.select(AuditEntry.field).distinct()
             .where((AuditEntry.record_type == audited_as) & (AuditEntry.record_id == record_id)
                    & AuditEntry.field.is_null(False)).tuples()]
    return sorted(((name, _label(record_type, name)) for name in names), key=lambda pair: pair[1])


def users_of(record_type: str, record_id: int) -> list[tuple[int, str]]:
    """Who changed it: (user id, display name), for narrowing by user."""
    audited_as = service(record_type).audit_type
    return list(User.select(User.id, User.display_name).distinct()
                .join(AuditEntry, on=(AuditEntry.user == User.id))
                .where((AuditEntry.record_type == audited_as) & (AuditEntry.record_id == record_id))
                .order_by(User.display_name).tuples())
