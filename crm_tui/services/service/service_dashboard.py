"""The service dashboard's figures: open cases by priority and by status, SLA compliance over a
period, and the average time to resolve. Each is a grouped count or a range over an index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Case as SqlCase
from peewee import fn

from crm_tui.core.types.case import CASE_ACTIVE, CASE_REASONS, PRIORITIES
from crm_tui.models import Case, utcnow

PERIODS = (7, 30, 90, 365)  # days the compliance and resolve figures look back


@dataclass(frozen=True)
class Compliance:
    kpi: str  # First response / Resolve
    succeeded: int
    noncompliant: int

    @property
    def share(self) -> float | None:
        """Succeeded of those decided, 0..1 (None when none were)."""
        decided = self.succeeded + self.noncompliant
        return self.succeeded / decided if decided else None


@dataclass(frozen=True)
class ServiceFigures:
    days: int
    by_priority: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    open_total: int
    past_due: int  # active cases past a deadline now
    compliance: list[Compliance]
    resolved: int  # cases resolved in the period
    average_resolve_minutes: int | None


def figures(days: int = 30, owner_id: int | None = None) -> ServiceFigures:
    now = utcnow()
    since = now - dt.timedelta(days=days)
    mine = [Case.owner == owner_id] if owner_id is not None else []
    counts: dict[tuple[str, str], int] = {}
    for priority, reason, count in (Case.select(Case.priority, Case.status_reason, fn.COUNT(Case.id))
                                    .where(Case.state == CASE_ACTIVE, *mine)
                                    .group_by(Case.priority, Case.status_reason).tuples()):
        counts[(priority, reason)] = count
    by_priority = [(p, sum(c for (pr, _r), c in counts.items() if pr == p)) for p in PRIORITIES]
    by_status = [(r, sum(c for (_p, rr), c in counts.items() if rr == r)) for r in CASE_REASONS[CASE_ACTIVE]]
    past_due = Case.select().where(Case.sla_due_at <= now, *mine).count()
    compliance = [
        _compliance("First response", Case.first_responded_on, Case.first_response_by, since, now, mine),
        _compliance("Resolve", Case.resolved_on, Case.resolve_by, since, now, mine),
    ]
    resolved, average = (Case.select(fn.COUNT(Case.id), fn.AVG(Case.resolve_minutes))
                         .where(Case.resolved_on >= since, *mine).tuples().first())
    return ServiceFigures(days, by_priority, by_status, sum(counts.values()), past_due, compliance, resolved or 0,
                          round(average) if average is not None else None)


def _compliance(name: str, done, due, since: dt.datetime, now: dt.datetime, mine: list) -> Compliance:
    """KPIs decided in the period: met or missed when done, and missed when still pending past due."""
    succeeded, late = (Case.select(fn.SUM(SqlCase(None, [(done <= due, 1)], 0)),
                                   fn.SUM(SqlCase(None, [(done > due, 1)], 0)))
                       .where(done >= since, due.is_null(False), *mine).tuples().first())
    # Still pending and past due: the deadline fell in the period, the clock was running (or
    # stopped after the miss), and the case is neither closed nor answered.
    missed = Case.select().where(Case.state == CASE_ACTIVE, due >= since, due < now, done.is_null(),
                                 Case.sla_paused_on.is_null() | (due <= Case.sla_paused_on), *mine).count()
    return Compliance(name, succeeded or 0, (late or 0) + missed)


def busiest_customer() -> int | None:
    """The account with the most cases (what the benchmark pages through)."""
    row = (Case.select(Case.customer_account, fn.COUNT(Case.id)).where(Case.customer_account.is_null(False))
           .group_by(Case.customer_account).order_by(fn.COUNT(Case.id).desc()).limit(1).tuples().first())
    return row[0] if row else None
