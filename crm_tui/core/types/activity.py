"""The kinds of activity, their fields, and their states with reasons (as Dynamics 365 has them)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from crm_tui.core.fields import (
    CHOICE,
    DATETIME,
    DURATION,
    INTEGER,
    MULTILINE,
    PHONE,
    REFERENCE,
    REGARDING,
    FieldSpec,
)
from crm_tui.core.record_type import RecordType, State

TASK, PHONE_CALL, EMAIL, APPOINTMENT, NOTE, EVENT = "task", "phone_call", "email", "appointment", "note", "event"
ACTIVITY_KINDS = (TASK, PHONE_CALL, EMAIL, APPOINTMENT)  # the ones with a status: My activities shows these
TIMELINE_KINDS = (*ACTIVITY_KINDS, NOTE, EVENT)
MY_ACTIVITIES = "my_activities"  # the list of the user's own open activities (not a record type)

OPEN, SCHEDULED, COMPLETED, CANCELED, POSTED = "open", "scheduled", "completed", "canceled", "posted"
OPEN_STATES = (OPEN, SCHEDULED)
CLOSED_STATES = (COMPLETED, CANCELED)
PRIORITIES = ("Low", "Normal", "High")
DIRECTIONS = ("Outgoing", "Incoming")

# state -> the status reasons allowed in it; the first is the default.
REASONS: dict[str, dict[str, tuple[str, ...]]] = {
    TASK: {OPEN: ("Not Started", "In Progress", "Waiting on someone else", "Deferred"),
           COMPLETED: ("Completed",), CANCELED: ("Canceled",)},
    PHONE_CALL: {OPEN: ("Open",), COMPLETED: ("Made", "Received"), CANCELED: ("Canceled",)},
    EMAIL: {OPEN: ("Draft",), COMPLETED: ("Sent", "Received", "Completed"), CANCELED: ("Canceled",)},
    APPOINTMENT: {OPEN: ("Free", "Tentative"), SCHEDULED: ("Busy", "Out of Office"),
                  COMPLETED: ("Completed",), CANCELED: ("Canceled",)},
    NOTE: {POSTED: ("Posted",)},
    EVENT: {POSTED: ("Posted",)},
}
STATE_LABELS = {OPEN: "Open", SCHEDULED: "Scheduled", COMPLETED: "Completed", CANCELED: "Canceled", POSTED: ""}

_COMMON_HEAD = (
    FieldSpec("subject", "Subject", required=True, max_length=200),
    FieldSpec("regarding", "Regarding", REGARDING),
)
_COMMON_TAIL = (
    FieldSpec("status_reason", "Status reason", CHOICE),
    FieldSpec("priority", "Priority", CHOICE, choices=PRIORITIES),
    FieldSpec("description", "Description", MULTILINE, max_length=10_000),
    FieldSpec("owner", "Owner", REFERENCE, target="user"),
)
# A reminder: minutes before it is due (or starts), or at a time of its own; shown in the app
# when its time comes, and by crm-tui due --reminders.
_REMIND = (
    FieldSpec("remind_minutes", "Remind before", DURATION),
    FieldSpec("remind_at", "Remind at", DATETIME),
)
_WHEN = (
    FieldSpec("due_at", "Due", DATETIME),
    FieldSpec("duration_minutes", "Duration (min)", INTEGER),
    *_REMIND,
)


def reasons(kind_key: str, state: str) -> tuple[str, ...]:
    return REASONS[kind_key].get(state, ())


def state_of_reason(kind_key: str, reason: str) -> str | None:
    for state, allowed in REASONS[kind_key].items():
        if reason in allowed:
            return state
    return None


def all_reasons(kind_key: str) -> tuple[str, ...]:
    return tuple(r for allowed in REASONS[kind_key].values() for r in allowed)


@dataclass(frozen=True)
class ActivityKind:
    key: str
    singular: str
    plural: str
    icon: str
    record_type: RecordType


def _kind(key: str, singular: str, plural: str, icon: str, fields: tuple[FieldSpec, ...]) -> ActivityKind:
    # The status reason's choices are the kind's own.
    fields = tuple(replace(f, choices=all_reasons(key)) if f.name == "status_reason" else f for f in fields)
    states = tuple(State(state, STATE_LABELS[state], allowed, muted=state == CANCELED)
                   for state, allowed in REASONS[key].items())
    return ActivityKind(key, singular, plural, icon, RecordType(key, singular, plural, fields, states=states))


KINDS: dict[str, ActivityKind] = {
    k.key: k
    for k in (
        _kind(TASK, "Task", "Tasks", "☐", (*_COMMON_HEAD, *_WHEN, *_COMMON_TAIL)),
        _kind(PHONE_CALL, "Phone call", "Phone calls", "☎", (
            *_COMMON_HEAD,
            FieldSpec("direction", "Direction", CHOICE, choices=DIRECTIONS),
            FieldSpec("phone_number", "Phone number", PHONE, max_length=50),
            *_WHEN, *_COMMON_TAIL)),
        _kind(EMAIL, "Email", "Emails", "✉", (
            *_COMMON_HEAD,
            FieldSpec("direction", "Direction", CHOICE, choices=DIRECTIONS),
            FieldSpec("email_from", "From", max_length=300),
            FieldSpec("email_to", "To", max_length=2000),
            FieldSpec("email_cc", "Cc", max_length=2000),
            *_WHEN, *_COMMON_TAIL)),
        _kind(APPOINTMENT, "Appointment", "Appointments", "◷", (
            *_COMMON_HEAD,
            FieldSpec("location", "Location", max_length=200),
            FieldSpec("start_at", "Start", DATETIME),
            FieldSpec("end_at", "End", DATETIME),
            *_REMIND,
            FieldSpec("attendees", "Attendees", max_length=2000),
            *_COMMON_TAIL)),
        _kind(NOTE, "Note", "Notes", "✎", (
            FieldSpec("subject", "Title", required=True, max_length=200),
            FieldSpec("regarding", "Regarding", REGARDING),
            FieldSpec("description", "Text", MULTILINE, max_length=100_000),
            FieldSpec("owner", "Owner", REFERENCE, target="user"),
        )),
        _kind(EVENT, "System event", "System events", "•", (
            FieldSpec("subject", "Event", required=True, max_length=200),
            FieldSpec("regarding", "Regarding", REGARDING),
        )),
    )
}


def kind(key: str) -> ActivityKind:
    return KINDS[key]
