"""The activity engine: one service per kind of activity (and notes) with Dynamics' status
rules — create, complete, cancel, reopen. crm_tui/services/activities.py is what the rest of
the app uses: it adds what logging an activity does to the record it is about (a case's first
response), which the cases service, itself closing activities through this engine, cannot."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types.activity import (
    ACTIVITY_KINDS,
    APPOINTMENT,
    CANCELED,
    CLOSED_STATES,
    COMPLETED,
    EMAIL,
    KINDS,
    OPEN,
    OPEN_STATES,
    PHONE_CALL,
    POSTED,
    SCHEDULED,
    STATE_LABELS,
    reasons,
    state_of_reason,
)
from crm_tui.models import Activity, User, database, utcnow
from crm_tui.services import audit, queues, timeline
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.records import RecordService

FAR_FUTURE = dt.datetime(9999, 12, 31)


class ActivityService(RecordService):
    """One kind of activity (or notes); every kind lives in the one activity table."""

    model = Activity
    waits_in_queues = True
    emits_events = False  # an activity is itself on the timeline
    title_fields = ("subject",)

    def __init__(self, kind_key: str):
        self.kind_key = kind_key
        self.record_type = KINDS[kind_key].record_type

    @property
    def audit_type(self) -> str:
        return "activity"

    @property
    def open_states(self) -> tuple[str, ...]:
        return OPEN_STATES

    def get(self, record_id: int) -> Activity:
        record = super().get(record_id)
        if record.kind != self.kind_key:
            raise NotFoundError(f"{self.record_type.singular} {record_id} does not exist (any more)")
        record._reminded_for = record.remind_at  # a changed reminder time is shown anew (_derive_reminder)
        return record

    def create(self, actor: User, data: dict[str, Any]) -> Activity:
        data = dict(data)
        if self.kind_key in ACTIVITY_KINDS:
            data.setdefault("status_reason", _default_reason(self.kind_key))
            data.setdefault("priority", "Normal")
        with database.atomic():
            record = super().create(actor, data)
            self._logged(actor, record)
            if self.kind_key in ACTIVITY_KINDS and record.state in OPEN_STATES:
                queues.route_by_rules(actor, self.kind_key, record.id, record.priority)
        return record

    def _logged(self, actor: User, record: Activity) -> None:
        """What a new activity does to the record it is about (in its transaction); nothing here."""

    def _rules(self, record: Activity, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = {}
        regarding = changed.get("regarding", (record.regarding_type, record.regarding_id))
        if creating and not record.regarding_type:
            errors["regarding"] = "Required: the record this is about"
        elif "regarding" in changed and not timeline.exists(*regarding):
            errors["regarding"] = "That record does not exist (any more)"
        if record.start_at and record.end_at and record.end_at < record.start_at:
            errors["end_at"] = "The end is before the start"
        return errors

    def _derive(self, record: Activity) -> None:
        record.kind = self.kind_key
        if self.kind_key not in ACTIVITY_KINDS:
            record.state, record.status_reason = POSTED, "Posted"
        record.state = state_of_reason(self.kind_key, record.status_reason) or OPEN
        if record.state in CLOSED_STATES and record.completed_on is None:
            record.completed_on = utcnow()
        elif record.state not in CLOSED_STATES:
            record.completed_on = None
        if record.start_at and record.end_at and not record.duration_minutes:
            record.duration_minutes = int((record.end_at - record.start_at).total_seconds() // 60)
        is_agenda = self.kind_key in ACTIVITY_KINDS and record.state in OPEN_STATES
        record.agenda_at = (record.due_at or record.start_at or FAR_FUTURE) if is_agenda else None
        self._derive_reminder(record)
        record.rollup_account = timeline.rollup_account(record.regarding_type, record.regarding_id)
        record.timeline_at = own_date(record)

    def _derive_reminder(self, record: Activity) -> None:
        """Minutes before: the reminder's time follows the due (or start) time. A reminder whose
        time changed is shown again when that time comes."""
        when = record.due_at or record.start_at
        if record.remind_minutes is not None and when is not None:
            record.remind_at = when - dt.timedelta(minutes=record.remind_minutes)
        if getattr(record, "_reminded_for", None) != record.remind_at:
            record.reminded_on = None

    def _before_update(self, record: Activity) -> None:
        if record.state in CLOSED_STATES:
            raise ValidationError({"": f"This {lower_noun(self.record_type.singular)} is "
                                       f"{STATE_LABELS[record.state].lower()}: reopen it to change it"})

    # -- status changes ----------------------------------------------------------------------
    def complete(self, actor: User, record_id: int, reason: str | None = None) -> Activity:
        return self._close(actor, record_id, COMPLETED, reason)

    def cancel(self, actor: User, record_id: int) -> Activity:
        return self._close(actor, record_id, CANCELED, None)

    def _close(self, actor: User, record_id: int, state: str, reason: str | None) -> Activity:
        record = self.get(record_id)
        if record.state not in OPEN_STATES:
            raise ValidationError({"": f"Only an open {lower_noun(self.record_type.singular)} can be "
                                       f"{'completed' if state == COMPLETED else 'canceled'}; this one is "
                                       f"{STATE_LABELS.get(record.state, record.state).lower() or 'a note'}"})
        reason = reason or closing_reason(self.kind_key, state, record.direction)
        if reason not in reasons(self.kind_key, state):
            raise ValidationError({"status_reason": f"Choose one of: {', '.join(reasons(self.kind_key, state))}"})
        return self.update(actor, record_id, {"status_reason": reason}, record.version)

    def reopen(self, actor: User, record_id: int) -> Activity:
        record = self.get(record_id)
        if record.state not in CLOSED_STATES:
            raise ValidationError({"": f"This {lower_noun(self.record_type.singular)} is not closed"})
        open_state = SCHEDULED if self.kind_key == APPOINTMENT else OPEN
        record.status_reason = reasons(self.kind_key, open_state)[0]
        self._derive(record)
        self._bump(actor, record, record.version, {})
        audit.record(actor, self.audit_type, record.id, "reopened")
        return record


def own_date(record: Activity) -> dt.datetime:
    """When an entry sits on the timeline: an appointment's start, an open activity's due time,
    a closed one's completion, else when it was logged (so next week's meeting reads next week)."""
    if record.kind == APPOINTMENT and record.start_at:
        return record.start_at
    if record.state in OPEN_STATES and record.due_at:
        return record.due_at
    if record.state in CLOSED_STATES and record.completed_on:
        return record.completed_on
    return record.created_on or utcnow()


def _default_reason(kind_key: str) -> str:
    return reasons(kind_key, SCHEDULED if kind_key == APPOINTMENT else OPEN)[0]


def closing_reason(kind_key: str, state: str, direction: str | None) -> str:
    if state == COMPLETED and kind_key == PHONE_CALL:
        return "Received" if direction == "Incoming" else "Made"
    if state == COMPLETED and kind_key == EMAIL:
        return "Received" if direction == "Incoming" else "Sent"
    return reasons(kind_key, state)[0]


def get_any(activity_id: int) -> Activity:
    record = Activity.get_or_none(Activity.id == activity_id)
    if record is None:
        raise NotFoundError(f"Activity {activity_id} does not exist (any more)")
    return record


def regarding_of(activity_id: int) -> tuple[str, int]:
    record = get_any(activity_id)
    return record.regarding_type, record.regarding_id


def change_status(services: dict[str, ActivityService], actor: User, activity_id: int, action: str) -> Activity:
    """complete / cancel / reopen any kind of activity by id, through these services."""
    record = get_any(activity_id)
    if record.kind not in ACTIVITY_KINDS:
        raise ValidationError({"": f"A {KINDS[record.kind].singular.lower()} has no status to change"})
    svc = services[record.kind]
    return {"complete": svc.complete, "cancel": svc.cancel, "reopen": svc.reopen}[action](actor, activity_id)
