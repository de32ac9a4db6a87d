"""My day: where a user starts — their overdue and today's activities, their cases at risk of
breaching an SLA, their opportunities closing this month, the items they picked from queues,
and the records they opened last. A few short indexed reads, each capped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_tui.core.fields import compact, local_day_bounds, local_today, to_local
from crm_tui.core.types.activity import KINDS
from crm_tui.core.types.case import CASE_ACTIVE, case_number
from crm_tui.core.types.opportunity import OPP_OPEN
from crm_tui.models import Case, Opportunity
from crm_tui.services import activities, queues, recent
from crm_tui.services.service.sla import minutes_between, time_left

SHOWN = 12  # entries a section
AT_RISK_HOURS = 8  # a case whose next SLA deadline is this close (or past) is at risk


@dataclass(frozen=True)
class Entry:
    record_type: str
    id: int
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    entries: list[Entry]
    empty: str


def day(user_id: int, now: dt.datetime) -> list[Section]:
    """The sections of the user's day, at now (UTC)."""
    today = local_today()
    end_of_today = local_day_bounds(today)[1]
    work = activities.due(user_id, end_of_today, SHOWN)
    acts = [Entry(d.kind, d.id, f"{KINDS[d.kind].icon} {d.subject}",
                  f"{'overdue · ' if d.at < now else ''}{to_local(d.at):%H:%M}"
                  f"{'' if d.at.date() == now.date() else f' {to_local(d.at):%b %d}'}"
                  + (f" · {d.regarding_name}" if d.regarding_name else "")) for d in work]
    at_risk = [Entry("case", rid, f"{case_number(rid)} {title}", f"{priority} · {time_left(minutes_between(now, due))}")
               for rid, title, priority, due in Case.select(Case.id, Case.title, Case.priority, Case.sla_due_at).where(
                   (Case.owner == user_id) & (Case.state == CASE_ACTIVE) & Case.sla_due_at.is_null(False)
                   & (Case.sla_due_at <= now + dt.timedelta(hours=AT_RISK_HOURS))).order_by(
                   Case.sla_due_at, Case.id).limit(SHOWN).tuples()]
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    closing = [Entry("opportunity", rid, topic, f"{close:%b %d}" + (f" · {compact(value)}" if value else ""))
               for rid, topic, close, value in Opportunity.select(
                   Opportunity.id, Opportunity.topic, Opportunity.estimated_close, Opportunity.estimated_revenue).where(
                   (Opportunity.owner == user_id) & (Opportunity.state == OPP_OPEN)
                   & (Opportunity.estimated_close >= today.replace(day=1)) & (Opportunity.estimated_close <= month_end)
               ).order_by(Opportunity.estimated_close, Opportunity.id).limit(SHOWN).tuples()]
    picked = [Entry(i.record_type, i.record_id, i.title, f"{i.queue} · {i.priority}")
              for i in queues.items_worked_by(user_id, SHOWN)]
    lately = [Entry(e.record_type, e.id, e.title, "pinned" if e.pinned else "") for e in recent.recent(user_id, 8)]
    return [
        Section("Overdue and today", acts, "Nothing due today: a clear day."),
        Section(f"Cases at risk (SLA within {AT_RISK_HOURS}h or past)", at_risk, "No case of yours is near its SLA."),
        Section("Opportunities closing this month", closing, "None of yours closes this month."),
        Section("Picked from queues", picked, "Nothing picked: u shows the queues, n there takes the next."),
        Section("Recent", lately, "Records you open show here."),
    ]
