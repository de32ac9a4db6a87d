"""Realistic demo data: companies with subsidiaries several levels deep, and their people.

Rows are built as tuples and written with the driver's executemany in one transaction:
a large set (100,000 accounts, 300,000 contacts) builds in seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from peewee import fn

from crm_tui.core.fields import sort_key
from crm_tui.core.types.account import INDUSTRIES, RELATIONSHIP_TYPES
from crm_tui.models import (
    ACTIVE,
    INACTIVE,
    Account,
    Case,
    Contact,
    Entitlement,
    Lead,
    Sla,
    User,
    bulk,
    database,
    utcnow,
)
from crm_tui.models.db import is_sqlite
from crm_tui.services import global_search
from crm_tui.services.users import ensure_user
from crm_tui.tools import demo_activities
from crm_tui.tools import demo_names as names
from crm_tui.tools import demo_sales, demo_service

SIZES = {"small": (300, 900), "large": (100_000, 300_000)}
BIG_FAMILY = {"small": 40, "large": 2_000}  # one conglomerate with this many descendants


@dataclass(frozen=True)
class DemoReport:
    accounts: int
    contacts: int
    activities: int
    leads: int
    opportunities: int
    cases: int
    entitlements: int
    users: int
    seconds: float


def _domain(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.casefold())[:24] + ".example"


def _phone(rng: random.Random) -> str:
    return f"+1 555-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"


class _Builder:
    def __init__(self, rng: random.Random, owners: list[int], first_account: int, first_contact: int):
        self.rng = rng
        self.owners = owners
        self.now = utcnow()
        self.accounts: list[tuple] = []
        self.contacts: list[tuple] = []
        self.primary: dict[int, int] = {}  # account id -> its primary contact id
        self.cores: dict[int, str] = {}  # account id -> the company core its email domain uses
        self.next_account = first_account
        self.next_contact = first_contact

    def account(self, name: str, parent_id: int | None, core: str) -> int:
        rng = self.rng
        rid = self.next_account
        self.next_account += 1
        self.cores[rid] = core
        city, region, postal, country = rng.choice(names.CITIES)
        owner = rng.choice(self.owners)
        created = self.now - _days(rng.randrange(1, 1100))
        self.accounts.append((
            rid, ACTIVE if rng.random() > 0.04 else INACTIVE, 1, created, created,
            f"{rng.randrange(1, 999)} {rng.choice(names.STREETS)}", city, region or None, postal, country,
            None, name, sort_key(name)[:160], f"ACC-{rid:06d}", _phone(rng), f"info@{_domain(core)}",
            f"https://www.{_domain(core)}", rng.choice(INDUSTRIES), rng.choice(RELATIONSHIP_TYPES),
            Decimal(rng.randrange(50, 500_000)) * 1000, rng.randrange(5, 50_000), parent_id, owner, owner, owner,
        ))
        return rid

    def contact(self, account_id: int | None, core: str) -> int:
        rng = self.rng
        rid = self.next_contact
        self.next_contact += 1
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        city, region, postal, country = rng.choice(names.CITIES)
        owner = rng.choice(self.owners)
        created = self.now - _days(rng.randrange(1, 1100))
        handle = re.sub(r"[^a-z.]", "", f"{first}.{last}".casefold())
        self.contacts.append((
            rid, ACTIVE if rng.random() > 0.05 else INACTIVE, 1, created, created,
            f"{rng.randrange(1, 999)} {rng.choice(names.STREETS)}", city, region or None, postal, country, None,
            first, last, sort_key(last, first)[:110], sort_key(first, last)[:110], rng.choice(names.JOB_TITLES),
            f"{handle}{rid}@{_domain(core)}", None, _phone(rng), _phone(rng) if rng.random() < 0.6 else None,
            account_id, owner, owner, owner,
        ))
        return rid


# The tables the demo fills in bulk: their plain indexes are built once, after the rows.
BULK_TABLES = ("account", "contact", "activity", "lead", "opportunity")  # cases: their recount reads its index


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n, minutes=n * 37 % 1440)


ACCOUNT_COLUMNS = (
    "id", "state", "version", "created_on", "modified_on", "street", "city", "state_province", "postal_code",
    "country", "description", "name", "sort_name", "account_number", "phone", "email", "website", "industry",
    "relationship_type", "annual_revenue", "employees", "parent_id", "owner_id", "created_by_id", "modified_by_id",
)
CONTACT_COLUMNS = (
    "id", "state", "version", "created_on", "modified_on", "street", "city", "state_province", "postal_code",
    "country", "description", "first_name", "last_name", "sort_name", "alt_sort_name", "job_title", "email",
    "email2", "business_phone", "mobile_phone", "parent_customer_id", "owner_id", "created_by_id", "modified_by_id",
)


DESK_TEAM, DESK_QUEUE, SHARED_QUEUE = "Service desk", "First line", "Everyone's cases"
QUEUED_CASES = 30


def _bulk(sql_table: str, columns: tuple[str, ...], rows: Iterable[tuple], chunk: int = 5_000) -> int:
    """Insert rows (any iterable, consumed a chunk at a time) by the database's bulk path (COPY on
    PostgreSQL); returns how many."""
    write = bulk.rows_writer(database.obj, sql_table, list(columns))
    written = 0
    rows = iter(rows)
    while batch := list(islice(rows, chunk)):
        write(batch)
        written += len(batch)
    return written


def _queues(owners: list[int], owner_id: int | None) -> None:
    """A service desk team (the demo's people, and whoever asked for the demo) working a queue of
    the most urgent active cases, and a queue for everyone: u in the app has work to pick."""
    from crm_tui.core.types.case import CASE_ACTIVE
    from crm_tui.models import Case
    from crm_tui.models.queue import Queue, Team
    from crm_tui.services import queues, teams

    if Team.select().where(Team.name == DESK_TEAM).exists() or Queue.select().where(Queue.name == DESK_QUEUE).exists():
        return  # a demo set made before: its queues stay as they are
    desk = teams.create_team(DESK_TEAM)
    for user_id in {*owners, *([owner_id] if owner_id else [])}:
        teams.add_member(DESK_TEAM, user_id)
    queues.create_queue(DESK_QUEUE, team_name=DESK_TEAM)
    queues.create_queue(SHARED_QUEUE)
    actor = User.get_by_id(owner_id or owners[0])
    urgent = [row[0] for row in Case.select(Case.id).where(Case.state == CASE_ACTIVE)
              .order_by(Case.sla_due_at.is_null(), Case.sla_due_at, Case.id).limit(QUEUED_CASES).tuples()]
    for number, case_id in enumerate(urgent):
        queues.route(actor, "case", case_id, DESK_QUEUE if number % 3 else SHARED_QUEUE)
    # the desk's own queue holds cases the team owns (picking one makes it the picker's)
    Case.update(owner=desk.principal_id).where(Case.id.in_(
        [case_id for number, case_id in enumerate(urgent) if number % 3])).execute()


def _family(builder: _Builder, rng: random.Random, size: int) -> None:
    """A conglomerate: a top company with `size` descendants, four levels deep."""
    core = "Contoso"
    top = builder.account("Contoso Holdings", None, core)
    levels = [[top]]
    made = 0
    while made < size:
        parents = levels[-1] if len(levels) < 4 else rng.choice(levels[:-1])
        next_level: list[int] = []
        for parent in parents:
            for _ in range(rng.randrange(2, 9)):
                if made >= size:
                    break
                division = rng.choice(names.DIVISIONS)
                rid = builder.account(f"Contoso {division} {builder.next_account}", parent, core)
                next_level.append(rid)
                made += 1
        levels.append(next_level)


def build(size: str = "small", seed: int = 42, progress=None, owner_id: int | None = None) -> DemoReport:
    """Fill the bound database with demo data of the given size; returns what was made.

    owner_id (the person who asked for the demo) owns a share of the activities too, so
    My activities has something to show them.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    started = time.perf_counter()
    n_accounts, n_contacts = SIZES[size]
    rng = random.Random(seed)
    with database.atomic(), global_search.bulk_load(), bulk.indexes_deferred(database.obj, BULK_TABLES):
        owners = [ensure_user(u, d).id for u, d in names.DEMO_USERS]
        first_account = (Account.select(fn.MAX(Account.id)).scalar() or 0) + 1
        first_contact = (Contact.select(fn.MAX(Contact.id)).scalar() or 0) + 1
        builder = _Builder(rng, owners, first_account, first_contact)
        _family(builder, rng, BIG_FAMILY[size])
        families: list[tuple[int, str, int]] = []  # (id, core, depth) of recent accounts
        while len(builder.accounts) < n_accounts:
            if families and rng.random() < 0.45:
                parent_id, core, depth = rng.choice(families[-40:])
                if depth < 5:
                    rid = builder.account(f"{core} {rng.choice(names.DIVISIONS)}", parent_id, core)
                    families.append((rid, core, depth + 1))
                    continue
            core = f"{rng.choice(names.COMPANY_CORES)} {rng.choice(names.COMPANY_KINDS)}"
            name = f"{core} {rng.choice(names.COMPANY_SUFFIXES)}".strip()
            rid = builder.account(name, None, core)
            families.append((rid, core, 0))
        account_ids = [row[0] for row in builder.accounts]
        while len(builder.contacts) < n_contacts:
            if rng.random() < 0.08:
                builder.contact(None, "mail")  # a person customer, in no account
                continue
            account_id = rng.choice(account_ids)
            contact_id = builder.contact(account_id, builder.cores[account_id])
            builder.primary.setdefault(account_id, contact_id)
        if progress:
            progress(f"writing {len(builder.accounts):,} accounts and {len(builder.contacts):,} contacts")
        _bulk("account", ACCOUNT_COLUMNS, builder.accounts)
        _bulk("contact", CONTACT_COLUMNS, builder.contacts)
        cursor = database.cursor()
        cursor.executemany(
            f'UPDATE "account" SET "primary_contact_id" = {database.param} WHERE "id" = {database.param}',
            [(contact_id, account_id) for account_id, contact_id in builder.primary.items()],
        )
        activity_owners = owners + ([owner_id] if owner_id else [])
        busy_count = demo_activities.BUSY[size][0]
        with_people = sorted({row[20] for row in builder.contacts if row[20] is not None})
        busy = [first_account, *rng.sample(with_people, busy_count - 1)] if busy_count > 1 else [first_account]
        if progress:
            progress(f"writing {demo_activities.COUNTS[size]:,} activities and notes")
        activity_count = _bulk("activity", demo_activities.COLUMNS, demo_activities.rows(
            size, rng, builder.now, account_ids, [(row[0], row[20]) for row in builder.contacts],
            activity_owners, busy))
        if progress:
            progress("writing leads and opportunities")
        people_of: dict[int, list[int]] = {}
        for row in builder.contacts:
            if row[20] is not None:
                people_of.setdefault(row[20], []).append(row[0])
        customers = demo_sales.Customers(account_ids, people_of,
                                         [row[0] for row in builder.contacts if row[20] is None])
        qualified: list[tuple] = []
        sales_owners = activity_owners
        first_lead = (Lead.select(fn.MAX(Lead.id)).scalar() or 0) + 1
        lead_count = _bulk("lead", demo_sales.LEAD_COLUMNS, demo_sales.lead_rows(
            size, rng, builder.now, sales_owners, first_lead, customers, qualified))
        opportunity_count = _bulk("opportunity", demo_sales.OPPORTUNITY_COLUMNS, demo_sales.opportunity_rows(
            size, rng, builder.now, sales_owners, customers, qualified))
        if progress:
            progress("writing SLAs, entitlements and cases")
        case_count, entitlement_count = _service(size, rng, builder.now, sales_owners, customers)
        if not is_sqlite():
            for table in ("account", "contact", "lead", "sla", "entitlement", "incident"):
                database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))"
                )
        _queues(owners, owner_id)
    database.execute_sql("ANALYZE")  # fresh statistics, so the planner keeps using the keyset indexes
    return DemoReport(len(builder.accounts), len(builder.contacts), activity_count, lead_count, opportunity_count,
                      case_count, entitlement_count, User.select().count(),
                      time.perf_counter() - started)


def _service(size: str, rng: random.Random, now, owners: list[int], customers: demo_sales.Customers) -> tuple[int, int]:
    """SLAs (unless the database has active ones), entitlements and cases; (cases, entitlements) made."""
    first_sla = (Sla.select(fn.MAX(Sla.id)).scalar() or 0) + 1
    slas = {priority: sla_id for sla_id, priority in Sla.select(Sla.id, Sla.priority).where(Sla.state == ACTIVE).tuples()}
    if not slas:
        _bulk("sla", demo_service.SLA_COLUMNS, demo_service.sla_rows(now, owners[0], first_sla))
        slas = {priority: first_sla + n for n, priority in enumerate(demo_service.PRIORITIES)}
    entitled: dict[int, int] = {}
    terms: dict[int, tuple] = {}
    rows = []
    first_entitlement = (Entitlement.select(fn.MAX(Entitlement.id)).scalar() or 0) + 1
    for row, how in demo_service.entitlement_rows(size, rng, now, owners, first_entitlement, customers, entitled):
        rows.append(row)
        terms[row[0]] = how
    entitlement_count = _bulk("entitlement", demo_service.ENTITLEMENT_COLUMNS, rows)
    first_case = (Case.select(fn.MAX(Case.id)).scalar() or 0) + 1
    case_count = _bulk("incident", demo_service.CASE_COLUMNS, demo_service.case_rows(
        size, rng, now, owners, first_case, customers, slas, entitled, terms))
    database.execute_sql(demo_service.RECOUNT_SQL)
    return case_count, entitlement_count
