"""The timeline: which records it covers, their roll-up, system events, and integrity.

A record type joins the timeline through its record service (its labels, roll-up and linked
records: crm_tui/services/records.py), registered with the engine; the timeline's queries and
widget never change for it.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from functools import reduce
from typing import Any

from peewee import SQL

from crm_tui.core.types import is_activity
from crm_tui.core.types.activity import EVENT, POSTED
from crm_tui.models import Activity, User, utcnow
from crm_tui.models.db import id_among
from crm_tui.services import write_batch
from crm_tui.services.registry import SERVICES


def _regarded(record_type: str):
    """The service of a record type entries can be about (an activity is never regarded)."""
    return None if is_activity(record_type) else SERVICES.find(record_type)


def exists(record_type: str, record_id: int) -> bool:
    svc = _regarded(record_type)
    return svc is not None and svc.model.select().where(svc.model.id == record_id).exists()


def label(record_type: str, record_id: int) -> str:
    svc = _regarded(record_type)
    return svc.labels([record_id]).get(record_id, "") if svc else ""


def labels(pairs: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Many records' names in one read, a part per record type among them (a page of the timeline:
    a round trip, not one a type); an activity (by its kind, or "activity" as the audit names them
    all) by its subject. A record that is not there has none."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for record_type, record_id in pairs:
        by_type["activity" if is_activity(record_type) else record_type].add(record_id)
    parts, selects = [], []
    for record_type, ids in by_type.items():
        if record_type == "activity":
            selects.append(Activity.select(SQL(str(len(parts))), Activity.id, Activity.subject, SQL("NULL"))
                           .where(id_among(Activity.id, sorted(ids))))
        elif (svc := _regarded(record_type)) is not None:
            selects.append(svc.label_select(sorted(ids), len(parts)))
        else:
            continue
        parts.append(record_type)
    if not selects:
        return {}
    rows: dict[int, list[tuple]] = defaultdict(list)
    for row in reduce(operator.add, selects).tuples():
        rows[row[0]].append(row)
    found = {}
    for part, record_type in enumerate(parts):
        if record_type == "activity":
            subjects = {rid: subject for _part, rid, subject, _none in rows[part]}
            found.update(((kind, rid), subjects[rid]) for kind, rid in pairs
                         if (kind == "activity" or is_activity(kind)) and rid in subjects)
        else:
            found.update(((record_type, rid), name) for rid, name in _regarded(record_type).labels_of(rows[part]))
    return found


def typed(record_type: str) -> bool:
    """Whether a timeline row names the record's type before its name ("Case: ...")."""
    svc = _regarded(record_type)
    return svc is not None and svc.typed_on_timeline


def scope(record_type: str, record_id: int) -> list[tuple[str, Any]]:
    """The records whose entries this record's own timeline shows, itself first: (record type,
    an id or a query of ids)."""
    svc = _regarded(record_type)
    return [(record_type, record_id), *(svc.linked(record_id) if svc else [])]


def rollup_account(record_type: str, record_id: int) -> int | None:
    svc = _regarded(record_type)
    return svc.rollup_account(record_id) if svc else None


_READ = object()  # record_event's rollup, when the caller does not know it: read it


def record_event(actor: User, record_type: str, record_id: int, subject: str, rollup: int | None | object = _READ) -> None:
    """A system event (created, deactivated, parent changed...) on a record's timeline; rollup:
    the account whose rolled-up timeline shows it, if the caller knows it."""
    now = utcnow()
    write_batch.insert(Activity, [dict(
        kind=EVENT, subject=subject[:200], regarding_type=record_type, regarding_id=record_id,
        rollup_account=rollup_account(record_type, record_id) if rollup is _READ else rollup, state=POSTED, status_reason="Posted",
        version=1, created_on=now, modified_on=now, timeline_at=now,
        owner=actor.id, created_by=actor.id, modified_by=actor.id,
    )])


def delete_regarding(record_type: str, record_id: int) -> int:
    """Remove what a deleted record's timeline held: nothing may point at a record that is gone."""
    return Activity.delete().where(
        (Activity.regarding_type == record_type) & (Activity.regarding_id == record_id)).execute()


def follow_rollup(record_type: str, record_id: int) -> None:
    """A record moved to another account: its entries now roll up there."""
    Activity.update(rollup_account=rollup_account(record_type, record_id)).where(
        (Activity.regarding_type == record_type) & (Activity.regarding_id == record_id)).execute()
