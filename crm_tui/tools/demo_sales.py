"""Demo leads in every state and opportunities at every stage, won and lost too.

A qualified lead has the account, contact and opportunity it became; person customers
(contacts in no account) buy too. Rows are tuples written with executemany, like the rest.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from crm_tui.core.fields import sort_key
from crm_tui.core.types.lead import LEAD_REASONS, LEAD_SOURCES, RATINGS
from crm_tui.core.types.opportunity import OPPORTUNITY_REASONS, STAGES
from crm_tui.tools import demo_names as names

COUNTS = {"small": (240, 180), "large": (50_000, 100_000)}  # (leads, opportunities besides qualified leads')

LEAD_COLUMNS = (
    "id", "state", "version", "created_on", "modified_on", "owner_id", "created_by_id", "modified_by_id", "topic",
    "first_name", "last_name", "sort_name", "job_title", "company_name", "email", "business_phone", "mobile_phone",
    "website", "source", "rating", "estimated_value", "description", "status_reason", "qualified_account_id",
    "qualified_contact_id",
)
OPPORTUNITY_COLUMNS = (
    "state", "version", "created_on", "modified_on", "owner_id", "created_by_id", "modified_by_id", "topic",
    "sort_name", "customer_account_id", "customer_contact_id", "contact_id", "estimated_revenue", "revenue_key",
    "estimated_close", "probability", "stage", "status_reason", "actual_revenue", "actual_close",
    "originating_lead_id", "description",
)
PRODUCTS = ("espresso machines", "laptops", "forklifts", "support hours", "cloud seats", "solar panels",
            "office chairs", "delivery vans", "training days", "licences", "servers", "printers")
STAGE_WEIGHTS = (35, 25, 20, 20)
STAGE_PROBABILITY = {"Qualify": 10, "Develop": 30, "Propose": 60, "Close": 80}


@dataclass
class Customers:
    """Where the demo's deals go: accounts with their people, and people on their own."""

    accounts: list[int]
    people_of: dict[int, list[int]]  # account id -> contact ids
    persons: list[int]  # contacts in no account


def _topic(rng: random.Random) -> str:
    return f"{rng.choice((5, 10, 12, 20, 25, 40, 50, 100, 250))} {rng.choice(PRODUCTS)}"


def _money(rng: random.Random) -> Decimal:
    return Decimal(rng.randrange(10, 1000) * 500)


def _state(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def lead_rows(size: str, rng: random.Random, now: dt.datetime, owners: list[int], first_id: int,
              customers: Customers, qualified: list[tuple]):
    """Yield lead rows; each qualified one appends (lead id, account, contact, owner, topic, value) to qualified."""
    for lead_id in range(first_id, first_id + COUNTS[size][0]):
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        company = f"{rng.choice(names.COMPANY_CORES)} {rng.choice(names.COMPANY_KINDS)}" if rng.random() < 0.85 else None
        state = _state(rng, {"open": 55, "qualified": 25, "disqualified": 20})
        reason = rng.choice(LEAD_REASONS[state])
        owner = rng.choice(owners)
        created = now - dt.timedelta(days=rng.randrange(0, 400), minutes=rng.randrange(0, 1440))
        value = _money(rng) if rng.random() < 0.7 else None
        topic = _topic(rng)
        account = contact = None
        if state == "qualified":
            if company and customers.accounts:
                account = rng.choice(customers.accounts)
                people = customers.people_of.get(account)
                contact = rng.choice(people) if people else None
            if contact is None and customers.persons:
                account, contact = None, rng.choice(customers.persons)
            if contact is None:  # nothing to qualify into: keep it open
                state, reason = "open", LEAD_REASONS["open"][0]
            else:
                qualified.append((lead_id, account, contact, owner, topic, value, created))
        handle = re.sub(r"[^a-z.]", "", f"{first}.{last}".casefold())
        domain = re.sub(r"[^a-z0-9]+", "", (company or "mail").casefold())[:20] + ".example"
        yield (lead_id, state, 1, created, created, owner, owner, owner, topic, first, last,
               sort_key(last, first)[:110], rng.choice(names.JOB_TITLES), company, f"{handle}{lead_id}@{domain}",
               f"+1 555-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}", None,
               f"https://www.{domain}" if company else None, rng.choice(LEAD_SOURCES), rng.choice(RATINGS), value,
               None, reason, account, contact)


def opportunity_rows(size: str, rng: random.Random, now: dt.datetime, owners: list[int], customers: Customers,
                     qualified: list[tuple]):
    """Yield opportunity rows: those of the qualified leads, then the rest."""
    today = now.date()

    def row(topic, account, contact, person, owner, value, created, lead_id):
        stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
        state = _state(rng, {"open": 70, "won": 18, "lost": 12})
        reason = rng.choice(OPPORTUNITY_REASONS[state])
        probability = {"won": 100, "lost": 0}.get(state, max(0, min(100, STAGE_PROBABILITY[stage] + rng.randrange(-10, 11))))
        close = today + dt.timedelta(days=rng.randrange(-30, 180))
        actual_close = today - dt.timedelta(days=rng.randrange(0, 200)) if state != "open" else None
        actual = value if state == "won" else None
        return (state, 1, created, created, owner, owner, owner, topic, sort_key(topic)[:200], account,
                person, contact, value, value or 0, close, probability, "Close" if state == "won" else stage,
                reason, actual, actual_close, lead_id, None)

    for lead_id, account, contact, owner, topic, value, created in qualified:
        yield row(topic, account, contact, None if account else contact, owner, value, created, lead_id)
    for _ in range(COUNTS[size][1]):
        owner = rng.choice(owners)
        created = now - dt.timedelta(days=rng.randrange(0, 500), minutes=rng.randrange(0, 1440))
        if customers.persons and rng.random() < 0.1:
            person = rng.choice(customers.persons)
            account, contact = None, person
        else:
            account = rng.choice(customers.accounts)
            people = customers.people_of.get(account)
            contact, person = (rng.choice(people) if people else None), None
        yield row(_topic(rng), account, contact, person, owner, _money(rng) if rng.random() < 0.9 else None,
                  created, None)
