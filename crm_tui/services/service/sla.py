"""SLAs: how fast a case of each priority must get its first response and be resolved.

A case takes the active SLA of its priority when it is created (or its priority changes),
and keeps its deadlines as times: first-response-by and resolve-by, each with the time
from which it is "nearing noncompliance". While a case is On Hold its clock stops; when it
resumes, every pending deadline moves by the time it waited. Time is utcnow(): tests fix it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crm_tui.core.fields import duration_text, sort_key
from crm_tui.core.types.case import (
    KPI_CANCELED,
    KPI_IN_PROGRESS,
    KPI_NEARING,
    KPI_NONCOMPLIANT,
    KPI_PAUSED,
    KPI_SUCCEEDED,
)
from crm_tui.core.types.sla import SLA
from crm_tui.models import ACTIVE, Sla, User
from crm_tui.services.errors import ValidationError
from crm_tui.services.records import RecordService, serves


class SlaService(RecordService):
    record_type = SLA
    model = Sla

    def create(self, actor: User, data: dict[str, Any]) -> Sla:
        return super().create(actor, {"warn_percent": 75, **data})

    def activate(self, actor: User, record_id: int) -> Sla:
        record = self.get(record_id)
        if problem := self._taken(record.priority, record.id):
            raise ValidationError({"": problem})
        return super().activate(actor, record_id)

    def _rules(self, record: Sla, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = {}
        if (creating or "priority" in changed) and record.state == ACTIVE:
            if problem := self._taken(record.priority, record.id):
                errors["priority"] = problem
        if record.first_response_minutes is not None and record.resolve_minutes is not None \
                and record.first_response_minutes > record.resolve_minutes:
            errors["first_response_minutes"] = "The first response cannot be due after the resolution"
        for name in ("first_response_minutes", "resolve_minutes"):
            if name in changed and not changed[name]:
                errors[name] = "Give it some time: at least 1 minute"
        return errors

    def _taken(self, priority: str, own_id: int | None) -> str | None:
        query = Sla.select(Sla.name).where((Sla.priority == priority) & (Sla.state == ACTIVE))
        if own_id is not None:
            query = query.where(Sla.id != own_id)
        row = query.tuples().first()
        return f"“{row[0]}” is already the active SLA for {priority} priority: deactivate it first" if row else None

    def _derive(self, record: Sla) -> None:
        record.sort_name = sort_key(record.name)[:100]


slas = serves(SlaService())


def active_for(priority: str) -> Sla | None:
    return Sla.get_or_none((Sla.priority == priority) & (Sla.state == ACTIVE))


def deadline(start: dt.datetime, minutes: int, warn_percent: int, paused_minutes: int) -> tuple[dt.datetime, dt.datetime]:
    """(due, warn from): start plus the time allowed plus the time spent on hold."""
    paused = dt.timedelta(minutes=paused_minutes)
    return (start + dt.timedelta(minutes=minutes) + paused,
            start + dt.timedelta(minutes=minutes * warn_percent / 100) + paused)


def kpi_state(due: dt.datetime | None, warn: dt.datetime | None, done_on: dt.datetime | None,
              paused_on: dt.datetime | None, cancelled: bool, now: dt.datetime) -> str:
    """Where one KPI stands at `now` ("" when the case has no SLA)."""
    if due is None:
        return ""
    if done_on is not None:
        return KPI_SUCCEEDED if done_on <= due else KPI_NONCOMPLIANT
    if cancelled:
        return KPI_CANCELED
    if paused_on is not None:  # the deadline moves while paused, unless it was missed before
        return KPI_NONCOMPLIANT if due <= paused_on else KPI_PAUSED
    if now >= due:
        return KPI_NONCOMPLIANT
    if warn is not None and now >= warn:
        return KPI_NEARING
    return KPI_IN_PROGRESS


@dataclass(frozen=True)
class Kpi:
    name: str  # First response / Resolve
    due: dt.datetime | None
    state: str
    left_minutes: int | None  # while the clock runs: minutes to the deadline (negative: overdue)

    @property
    def left_text(self) -> str:
        return time_left(self.left_minutes)


def time_left(minutes: int | None) -> str:
    if minutes is None:
        return ""
    return f"{duration_text(minutes, 2)} left" if minutes >= 0 else f"{duration_text(-minutes, 2)} late"


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    return int((end - start).total_seconds() // 60)


def case_kpis(case, now: dt.datetime) -> list[Kpi]:
    """A case's two KPIs at `now` (none without an SLA)."""
    if case.sla_id is None and case.first_response_by is None:
        return []
    cancelled = case.state == "cancelled"
    kpis = []
    for name, due, warn, done in (("First response", case.first_response_by, case.first_response_warn,
                                   case.first_responded_on),
                                  ("Resolve", case.resolve_by, case.resolve_warn, case.resolved_on)):
        state = kpi_state(due, warn, done, case.sla_paused_on, cancelled, now)
        running = state in (KPI_IN_PROGRESS, KPI_NEARING, KPI_NONCOMPLIANT) and done is None and not cancelled
        kpis.append(Kpi(name, due, state, minutes_between(now, due) if running and due else None))
    return kpis
