"""Demo activities and notes: years of calls, emails, tasks, meetings and notes.

A few busy accounts get well over ten thousand entries with their contacts, so the
rolled-up timeline has something to scroll through; the rest are spread thinly.
Rows are tuples written with executemany, like the rest of the demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from crm_tui.core.types.activity import APPOINTMENT, EMAIL, NOTE, PHONE_CALL, TASK

FAR_FUTURE = dt.datetime(9999, 12, 31)
COUNTS = {"small": 4_000, "large": 1_000_000}
BUSY = {"small": (1, 600), "large": (6, 12_000)}  # (how many busy accounts, entries each)

COLUMNS = (
    "state", "version", "created_on", "modified_on", "owner_id", "created_by_id", "modified_by_id", "kind",
    "subject", "description", "regarding_type", "regarding_id", "rollup_account", "status_reason", "priority",
    "due_at", "start_at", "end_at", "duration_minutes", "direction", "phone_number", "email_from", "email_to",
    "email_cc", "location", "attendees", "completed_on", "timeline_at", "agenda_at",
)
TOPICS = ("renewal", "pricing", "the quote", "onboarding", "the invoice", "a support question", "the roadmap",
          "contract terms", "the pilot", "delivery dates", "the quarterly review", "an upsell", "training")
KIND_WEIGHTS = ((PHONE_CALL, 30), (EMAIL, 30), (TASK, 20), (APPOINTMENT, 10), (NOTE, 10))


@dataclass
class Target:
    regarding_type: str
    regarding_id: int
    rollup_account: int | None


def _subject(kind: str, topic: str) -> str:
    return {PHONE_CALL: f"Call about {topic}", EMAIL: f"Email about {topic}", TASK: f"Follow up on {topic}",
            APPOINTMENT: f"Meeting: {topic}", NOTE: f"Notes on {topic}"}[kind]


def _row(rng: random.Random, now: dt.datetime, target: Target, owner: int) -> tuple:
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
    days = rng.randrange(0, 30) if rng.random() < 0.15 else rng.randrange(0, 1100)  # busier lately
    at = now - dt.timedelta(days=days, minutes=rng.randrange(0, 1440))
    recent = (now - at).days < 21
    roll = rng.random()
    state = "open" if (recent and roll < 0.5) or roll < 0.004 else "canceled" if roll > 0.96 else "completed"
    due = start = end = duration = direction = number = mail_from = mail_to = location = None
    reason, agenda, completed = None, None, None
    if kind == NOTE:
        state, reason = "posted", "Posted"
    elif kind == TASK:
        due = at + dt.timedelta(days=rng.randrange(1, 15), hours=rng.randrange(0, 8))
        reason = {"open": "Not Started", "completed": "Completed", "canceled": "Canceled"}[state]
    elif kind == APPOINTMENT:
        start = (at + dt.timedelta(days=rng.randrange(1, 10))).replace(minute=0, second=0)
        duration = rng.choice((30, 60, 90))
        end = start + dt.timedelta(minutes=duration)
        location = rng.choice(("Their office", "Our office", "Video call", "Café on Main St"))
        state = "scheduled" if state == "open" else state
        reason = {"scheduled": "Busy", "completed": "Completed", "canceled": "Canceled"}[state]
    else:
        direction = rng.choice(("Outgoing", "Incoming"))
        if kind == PHONE_CALL:
            number = f"+1 555-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"
            made = "Made" if direction == "Outgoing" else "Received"
            reason = {"open": "Open", "completed": made, "canceled": "Canceled"}[state]
        else:
            mail_from, mail_to = ("me@crm.example", "them@customer.example")[::1 if direction == "Outgoing" else -1]
            sent = "Sent" if direction == "Outgoing" else "Received"
            reason = {"open": "Draft", "completed": sent, "canceled": "Canceled"}[state]
    if state in ("open", "scheduled"):
        agenda = due or start or FAR_FUTURE
    elif state in ("completed", "canceled"):
        completed = min(now, at + dt.timedelta(hours=rng.randrange(0, 48)))
    topic = rng.choice(TOPICS)
    # where the timeline puts it (services.activities.own_date)
    own_at = start if kind == APPOINTMENT else (due if agenda else completed) or at
    return (
        state, 1, at, completed or at, owner, owner, owner, kind, _subject(kind, topic),
        "Discussed next steps." if kind == NOTE else None, target.regarding_type, target.regarding_id,
        target.rollup_account, reason, rng.choice(("Normal", "Normal", "High", "Low")), due, start, end,
        duration, direction, number, mail_from, mail_to, None, location, None, completed, own_at, agenda,
    )


def rows(size: str, rng: random.Random, now: dt.datetime, accounts: list[int],
         contacts: list[tuple[int, int | None]], owners: list[int], busy: list[int]):
    """Yield the activity rows of a demo set: busy accounts first, then the rest spread out."""
    by_account: dict[int, list[int]] = {}
    for contact_id, account_id in contacts:
        if account_id is not None:
            by_account.setdefault(account_id, []).append(contact_id)
    total = COUNTS[size]
    per_busy = BUSY[size][1]
    made = 0
    for account_id in busy:
        people = by_account.get(account_id, [])
        for _ in range(per_busy):
            if people and rng.random() < 0.7:
                target = Target("contact", rng.choice(people), account_id)
            else:
                target = Target("account", account_id, account_id)
            yield _row(rng, now, target, rng.choice(owners))
            made += 1
    while made < total:
        if rng.random() < 0.4:
            account_id = rng.choice(accounts)
            target = Target("account", account_id, account_id)
        else:
            contact_id, account_id = rng.choice(contacts)
            target = Target("contact", contact_id, account_id)
        yield _row(rng, now, target, rng.choice(owners))
        made += 1
