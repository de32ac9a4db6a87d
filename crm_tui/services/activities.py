"""Activities and notes as the app uses them: create, log, complete, cancel, reopen (the engine:
crm_tui/services/activity_records.py), and what logging one does to its record: an outgoing call
or email logged done on an active case is its first response."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from crm_tui.core.record_type import lower_noun
from peewee import fn

from crm_tui.core.types.activity import APPOINTMENT, COMPLETED, EMAIL, EVENT, KINDS, OPEN_STATES, PHONE_CALL, TASK
from crm_tui.models import Activity, User, utcnow
from crm_tui.services import activity_records
from crm_tui.services.activity_records import get_any, own_date, regarding_of  # noqa: F401 (the app's API)
from crm_tui.services.records import serves
from crm_tui.services.service.cases import cases


class ActivityService(activity_records.ActivityService):
    def _logged(self, actor: User, record: Activity) -> None:
        if (record.regarding_type == "case" and self.kind_key in (PHONE_CALL, EMAIL)
                and record.direction == "Outgoing" and record.state == COMPLETED):
            cases.note_first_response(actor, record.regarding_id, f"{lower_noun(self.record_type.singular)} logged")


SERVICES: dict[str, ActivityService] = {key: serves(ActivityService(key)) for key in KINDS if key != EVENT}


def service_for(kind_key: str) -> ActivityService:
    return SERVICES[kind_key]


def log(actor: User, kind_key: str, regarding: tuple[str, int], subject: str, **fields: Any) -> Activity:
    """Quick logging: what just happened (a call, an email) is logged done; what is planned is open.

    A phone call or email is completed as it is logged (Made / Sent, or Received when
    incoming); a task is open; an appointment is scheduled (an hour from now, 30 minutes,
    unless given); a note is posted.
    """
    data: dict[str, Any] = {"subject": subject, "regarding": regarding, **fields}
    if kind_key in (PHONE_CALL, EMAIL):
        data.setdefault("direction", "Outgoing")
        data.setdefault("status_reason", activity_records.closing_reason(kind_key, COMPLETED, data["direction"]))
    if kind_key == APPOINTMENT and not data.get("start_at"):
        start = (utcnow() + dt.timedelta(hours=1)).replace(minute=0, second=0)
        data["start_at"] = start
        data.setdefault("end_at", start + dt.timedelta(minutes=30))
    if kind_key == TASK and not data.get("due_at"):
        data.pop("due_at", None)
    return service_for(kind_key).create(actor, data)


class Due(NamedTuple):
    id: int
    kind: str
    subject: str
    at: dt.datetime  # when it is due or starts (UTC)
    regarding: tuple[str, int]
    regarding_name: str


def due(owner_id: int, until: dt.datetime, limit: int | None = None) -> list[Due]:
    """Someone's open activities due (or starting) before until, earliest first: My activities'
    index (owner, agenda_at, id) read up to a moment; "no date" (9999) is never before it."""
    from crm_tui.services import timeline

    rows = list(Activity.select(Activity.id, Activity.kind, Activity.subject, Activity.agenda_at,
                                Activity.regarding_type, Activity.regarding_id)
                .where((Activity.owner == owner_id) & (Activity.agenda_at < until))
                .order_by(Activity.agenda_at, Activity.id).limit(limit).tuples())
    names = timeline.labels([(rtype, rid) for *_rest, rtype, rid in rows])
    return [Due(rid, kind, subject, at, (rtype, regarding_id), names.get((rtype, regarding_id), ""))
            for rid, kind, subject, at, rtype, regarding_id in rows]


def reminders(owner_id: int, now: dt.datetime, shown: bool = False) -> list[Due]:
    """Someone's open activities whose reminder time has come (not shown yet, unless shown),
    earliest first: the index (owner, remind_at) read up to now."""
    from crm_tui.services import timeline

    query = (Activity.select(Activity.id, Activity.kind, Activity.subject, fn.COALESCE(Activity.due_at, Activity.start_at,
                                                                                        Activity.remind_at),
                             Activity.regarding_type, Activity.regarding_id)
             .where((Activity.owner == owner_id) & (Activity.remind_at <= now) & Activity.state.in_(OPEN_STATES)))
    if not shown:
        query = query.where(Activity.reminded_on.is_null())
    rows = list(query.order_by(Activity.remind_at, Activity.id).limit(100).tuples())
    names = timeline.labels([(rtype, rid) for *_rest, rtype, rid in rows])
    return [Due(rid, kind, subject, at, (rtype, regarding_id), names.get((rtype, regarding_id), ""))
            for rid, kind, subject, at, rtype, regarding_id in rows]


def mark_reminded(ids: list[int], now: dt.datetime) -> None:
    """The reminders were shown: not again (unless their time changes)."""
    if ids:
        Activity.update(reminded_on=now).where(Activity.id.in_(ids)).execute()


def set_status(actor: User, activity_id: int, action: str) -> Activity:
    """complete / cancel / reopen any kind of activity by id (the timeline's one-key actions)."""
    return activity_records.change_status(SERVICES, actor, activity_id, action)
