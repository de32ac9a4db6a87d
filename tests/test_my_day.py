"""My day: overdue and today's activities, cases at risk, deals closing this month, picked queue
items and recent records, each the user's own."""

from __future__ import annotations

import datetime as dt

from crm_tui.core.fields import local_today
from crm_tui.models import utcnow
from crm_tui.services import activities, my_day, queues, recent
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.services.service.sla import slas


def test_the_sections_of_a_users_day(db_url, actor, other_user):
    acme = accounts.create(actor, {"name": "Acme"})
    two_hours_ago = (dt.datetime.now() - dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")  # typed: local time
    overdue = activities.log(actor, "task", ("account", acme.id), "Overdue task", due_at=two_hours_ago)
    today = activities.log(actor, "task", ("account", acme.id), "Later today", due_at="+1m")
    activities.log(actor, "task", ("account", acme.id), "Next week", due_at="+7d")
    activities.log(other_user, "task", ("account", acme.id), "Someone else's", due_at=two_hours_ago)
    deal = opportunities.create(actor, {"topic": "Ships", "customer": ("account", acme.id),
                                        "estimated_close": local_today().isoformat(), "estimated_revenue": "12000"})
    opportunities.create(actor, {"topic": "Next year", "customer": ("account", acme.id),
                                 "estimated_close": (local_today() + dt.timedelta(days=400)).isoformat()})
    slas.create(actor, {"name": "High", "priority": "High", "first_response_minutes": "1h", "resolve_minutes": "4h"})
    case = cases.create(actor, {"title": "Down", "customer": ("account", acme.id), "priority": "High"})
    calm = cases.create(other_user, {"title": "Theirs", "customer": ("account", acme.id), "priority": "High"})
    queues.create_queue("Desk")
    queues.route(actor, "case", case.id, "Desk")
    queues.next_item(actor, "Desk")
    recent.opened(actor.id, "account", acme.id)
    sections = {s.title.split(" (")[0]: s for s in my_day.day(actor.id, utcnow())}
    assert [e.id for e in sections["Overdue and today"].entries] == [overdue.id, today.id]
    assert sections["Overdue and today"].entries[0].detail.startswith("overdue")
    assert [e.id for e in sections["Opportunities closing this month"].entries] == [deal.id]
    assert [(e.record_type, e.id) for e in sections["Picked from queues"].entries] == [("case", case.id)]
    assert [(e.record_type, e.id) for e in sections["Recent"].entries] == [("account", acme.id)]
    at_risk = sections["Cases at risk"].entries
    assert [(e.record_type, e.id) for e in at_risk] == [("case", case.id)]  # its first response is due within 8h
    assert "left" in at_risk[0].detail and calm.id
    assert not my_day.day(other_user.id, utcnow())[3].entries  # nothing picked by them
