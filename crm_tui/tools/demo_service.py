"""Demo service data: an SLA per priority, entitlements in every status, and cases in every
state — answered in time and late, resolved and cancelled, on hold, and some past due now.

Rows are tuples written with executemany, like the rest; each case's SLA columns are worked
out the way the case service does, so the queues and the dashboard read them as real ones.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from crm_tui.core.types.case import CASE_REASONS, CASE_TYPES, ON_HOLD, ORIGINS, PRIORITIES
from crm_tui.core.types.entitlement import ALLOCATIONS, BY_HOURS, ON_CREATION, ON_RESOLUTION
from crm_tui.services.service.sla import deadline
from crm_tui.tools.demo_sales import Customers

COUNTS = {"small": (400, 60), "large": (100_000, 20_000)}  # (cases, entitlements)
DAYS_BACK = {"small": 60, "large": 365}
# priority -> (first response within, resolve within), minutes; warn at 75% of each.
SLA_TERMS = {"High": (60, 8 * 60), "Normal": (4 * 60, 2 * 1440), "Low": (1440, 5 * 1440)}
WARN_PERCENT = 75
SLA_COLUMNS = ("id", "state", "version", "created_on", "modified_on", "owner_id", "created_by_id", "modified_by_id",
               "name", "sort_name", "priority", "first_response_minutes", "resolve_minutes", "warn_percent",
               "description")
ENTITLEMENT_COLUMNS = (
    "id", "state", "version", "created_on", "modified_on", "owner_id", "created_by_id", "modified_by_id", "name",
    "sort_name", "customer_account_id", "customer_contact_id", "start_date", "end_date", "allocation",
    "total_terms", "remaining_terms", "decrease_on", "status_reason", "description",
)
CASE_COLUMNS = (
    "id", "state", "version", "created_on", "modified_on", "owner_id", "created_by_id", "modified_by_id", "title",
    "sort_name", "customer_account_id", "customer_contact_id", "contact_id", "priority", "queue_key", "origin",
    "case_type", "description", "parent_case_id", "entitlement_id", "entitlement_charged", "status_reason",
    "resolution_type", "resolution", "time_spent_minutes", "resolved_on", "resolve_minutes", "first_responded_on",
    "sla_id", "first_response_by", "first_response_warn", "resolve_by", "resolve_warn", "sla_paused_on",
    "sla_paused_minutes", "sla_due_at", "sla_warn_at",
)
PROBLEMS = ("Printer offline", "Cannot log in", "Invoice shows the wrong amount", "Delivery is late",
            "Espresso machine leaking", "Licence key rejected", "Server not responding", "Password reset",
            "Damaged on arrival", "Refund request", "How do I export my data", "Training booking",
            "Solar panel output low", "Forklift battery fault", "Missing parts", "Change of address")
PLANS = ("Gold support", "Silver support", "Bronze support", "Premier hours", "Warranty", "Onboarding hours")
QUEUE_RANK = 10_000_000_000


@dataclass
class ServiceIds:
    slas: dict[str, int]  # priority -> SLA id


def sla_rows(now: dt.datetime, owner: int, first_id: int):
    for offset, priority in enumerate(PRIORITIES):
        first, resolve = SLA_TERMS[priority]
        yield (first_id + offset, "active", 1, now, now, owner, owner, owner, f"{priority} priority standard",
               f"{priority.lower()} priority standard", priority, first, resolve, WARN_PERCENT,
               f"First response within {first} minutes, resolved within {resolve} minutes.")


def entitlement_rows(size: str, rng: random.Random, now: dt.datetime, owners: list[int], first_id: int,
                     customers: Customers, active: dict[int, int]):
    """Yield entitlement rows; active[account id] = the id of its active, current one."""
    today = now.date()
    accounts = rng.sample(customers.accounts, min(COUNTS[size][1], len(customers.accounts)))
    for offset, account_id in enumerate(accounts):
        rid = first_id + offset
        kind = rng.choices(("active", "draft", "expired", "lapsed", "cancelled"), (60, 8, 12, 10, 10))[0]
        start = today - dt.timedelta(days=rng.randrange(30, 400))
        end = start + dt.timedelta(days=365)
        if kind in ("expired", "lapsed"):  # lapsed: still stored active, past its end: shown as expired
            end = today - dt.timedelta(days=rng.randrange(1, 90))
            start = end - dt.timedelta(days=365)
        if end < today and kind == "active":
            end = today + dt.timedelta(days=rng.randrange(10, 300))
        allocation = rng.choices(ALLOCATIONS, (80, 20))[0]
        total = Decimal(rng.choice((5, 10, 20, 50))) if allocation != BY_HOURS else Decimal(rng.choice((20, 40, 100)))
        decrease = ON_RESOLUTION if allocation == BY_HOURS else rng.choice((ON_CREATION, ON_RESOLUTION))
        state = {"lapsed": "active"}.get(kind, kind)
        reason = state.title()
        owner = rng.choice(owners)
        plan = rng.choice(PLANS if allocation != BY_HOURS else ("Premier hours", "Onboarding hours"))
        if state == "active" and end >= today:
            active[account_id] = rid
        yield (rid, state, 1, now, now, owner, owner, owner, f"{plan} {start.year}", f"{plan} {start.year}".casefold(),
               account_id, None, start, end, allocation, total, total, decrease, reason, None), (allocation, decrease)


def case_rows(size: str, rng: random.Random, now: dt.datetime, owners: list[int], first_id: int,
              customers: Customers, slas: dict[str, int], entitled: dict[int, int], terms: dict[int, tuple]):
    """Yield case rows, oldest first; children point at earlier cases of the same customer."""
    total = COUNTS[size][0]
    span = DAYS_BACK[size] * 1440
    recent_of: dict[int, int] = {}  # account id -> its latest case id (a parent for the next, sometimes)
    for offset in range(total):
        rid = first_id + offset
        created = now - dt.timedelta(minutes=span * (total - offset) / total + rng.randrange(0, 30))
        created = created.replace(microsecond=0)
        account_id = person = contact = None
        if customers.persons and rng.random() < 0.12:
            person = rng.choice(customers.persons)
        else:
            account_id = rng.choice(customers.accounts)
            people = customers.people_of.get(account_id)
            contact = rng.choice(people) if people else None
        priority = rng.choices(PRIORITIES, (20, 60, 20))[0]
        first_within, resolve_within = SLA_TERMS[priority]
        fr_by, fr_warn = deadline(created, first_within, WARN_PERCENT, 0)
        res_by, res_warn = deadline(created, resolve_within, WARN_PERCENT, 0)
        age = (now - created).total_seconds() / 60
        # Recent cases are mostly still open; older ones mostly closed.
        open_share = 0.85 if age < resolve_within * 1.5 else 0.03
        state = "active" if rng.random() < open_share else rng.choices(("resolved", "cancelled"), (85, 15))[0]
        reason = rng.choice(CASE_REASONS[state]) if state != "cancelled" else "Cancelled"
        responded = resolved = paused_on = resolution = resolution_type = spent = resolve_minutes = None
        if state == "resolved":
            resolved = created + dt.timedelta(minutes=resolve_within * rng.uniform(0.1, 1.4))
            resolved = min(resolved, now).replace(microsecond=0)
            responded = min(resolved, created + dt.timedelta(minutes=first_within * rng.uniform(0.1, 1.3)))
            resolution_type, resolution = reason, "Walked the customer through the fix."
            spent = rng.choice((15, 30, 45, 60, 90, 120))
            resolve_minutes = int((resolved - created).total_seconds() // 60)
        elif state == "active":
            answer_at = created + dt.timedelta(minutes=first_within * rng.uniform(0.1, 1.4))
            if answer_at <= now and rng.random() < 0.8:
                responded = answer_at.replace(microsecond=0)
            if rng.random() < 0.1:
                reason, paused_on = ON_HOLD, now - dt.timedelta(minutes=rng.randrange(5, 600))
            elif reason == ON_HOLD:
                reason = CASE_REASONS["active"][0]
        pending = []
        if state == "active" and paused_on is None:
            if responded is None:
                pending.append((fr_by, fr_warn))
            pending.append((res_by, res_warn))
        due = min(p[0] for p in pending) if pending else None
        warn = min(p[1] for p in pending) if pending else None
        entitlement = entitled.get(account_id) if account_id else None
        charged = None
        if entitlement is not None and state != "cancelled":
            allocation, decrease = terms[entitlement]
            if allocation == BY_HOURS and state == "resolved":
                charged = (Decimal(spent) / 60).quantize(Decimal("0.01"))
            elif allocation != BY_HOURS and (decrease == ON_CREATION or state == "resolved"):
                charged = Decimal(1)
        parent = recent_of.get(account_id) if account_id and rng.random() < 0.05 else None
        if account_id:
            recent_of[account_id] = rid
        owner = rng.choice(owners)
        title = rng.choice(PROBLEMS)
        rank = PRIORITIES.index(priority) + 1
        yield (rid, state, 1, created, resolved or created, owner, owner, owner, title, title.casefold(),
               account_id, person, contact, priority,
               rank * QUEUE_RANK + int(created.replace(tzinfo=dt.timezone.utc).timestamp()),
               rng.choice(ORIGINS), rng.choice(CASE_TYPES), None, parent, entitlement, charged, reason,
               resolution_type, resolution, spent, resolved, resolve_minutes, responded, slas[priority],
               fr_by, fr_warn, res_by, res_warn, paused_on, 0, due, warn)


RECOUNT_SQL = (
    'UPDATE "entitlement" SET "remaining_terms" = "total_terms" - COALESCE('
    '(SELECT SUM(c."entitlement_charged") FROM "incident" c WHERE c."entitlement_id" = "entitlement"."id"), 0)'
)
