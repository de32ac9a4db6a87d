"""Cases, entitlements and SLAs through the services, with a controlled clock, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from crm_tui.models import Activity, Case, Entitlement, base
from crm_tui.services import activities, listing
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import DeleteBlockedError, ValidationError
from crm_tui.services.service import service_dashboard
from crm_tui.services.service.cases import cases
from crm_tui.services.service.entitlements import entitlements
from crm_tui.services.service.sla import case_kpis, slas

START = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def clock():
    """Set the time; every service reads it through utcnow()."""

    def set_to(minutes: float = 0) -> dt.datetime:
        now = START + dt.timedelta(minutes=minutes)
        base.set_clock(now)
        return now

    set_to(0)
    yield set_to
    base.set_clock(None)


@pytest.fixture
def acme(actor, clock):
    return accounts.create(actor, {"name": "Acme"})


@pytest.fixture
def high_sla(actor, clock):
    return slas.create(actor, {"name": "High", "priority": "High", "first_response_minutes": "1h",
                               "resolve_minutes": "8h", "warn_percent": "75"})


def _entitlement(actor, customer, total="3", allocation="Number of cases", decrease="Case creation",
                 start="2026-01-01", end="2026-12-31", activate=True):
    record = entitlements.create(actor, {"name": "Gold", "customer": customer, "start_date": start, "end_date": end,
                                         "allocation": allocation, "total_terms": total, "decrease_on": decrease})
    return entitlements.activate(actor, record.id) if activate else record


def _case(actor, acme, **data):
    return cases.create(actor, {"title": "Printer offline", "customer": ("account", acme.id), **data})


def _kpis(case_id: int) -> list[str]:
    return [k.state for k in case_kpis(cases.get(case_id), base.utcnow())]


# -- the lifecycle --------------------------------------------------------------------------------
def test_a_case_gets_a_readable_number_and_needs_a_customer(actor, acme):
    case = _case(actor, acme)
    assert listing.page(listing.ListQuery("case", state=None))[0][4] == f"CAS-{case.id:05d}"
    found = listing.page(listing.ListQuery("case", state=None, find=f"cas-{case.id}"))
    assert [r[0] for r in found] == [case.id]
    with pytest.raises(ValidationError) as info:
        cases.create(actor, {"title": "Nobody's"})
    assert "customer" in info.value.errors
    with pytest.raises(ValidationError) as info:
        cases.create(actor, {"title": "Wrong", "customer": ("lead", 1)})
    assert "customer" in info.value.errors
    with pytest.raises(ValidationError) as info:
        cases.create(actor, {"title": "Typed", "customer": ("account", acme.id), "resolved_on": "2026-01-01"})
    assert "resolved_on" in info.value.errors


def test_resolve_cancels_open_activities_and_refuses_twice(actor, acme, clock):
    case = _case(actor, acme)
    task = activities.log(actor, "task", ("case", case.id), "Order toner")
    assert cases.preview_resolve(case.id) == (1, 0)
    with pytest.raises(ValidationError) as info:
        cases.resolve(actor, case.id, "Problem Solved", "")
    assert "resolution" in info.value.errors
    with pytest.raises(ValidationError):
        cases.resolve(actor, case.id, "Won", "fixed")
    with pytest.raises(ValidationError) as info:
        cases.resolve(actor, case.id, "Problem Solved", "fixed", "soon")
    assert "time_spent_minutes" in info.value.errors
    assert Activity.get_by_id(task.id).state == "open"  # nothing half-written by the refusals
    clock(90)
    resolved = cases.resolve(actor, case.id, "Problem Solved", "Replaced the toner", "45m")
    assert (resolved.state, resolved.status_reason, resolved.time_spent_minutes) == ("resolved", "Problem Solved", 45)
    assert resolved.resolve_minutes == 90
    assert Activity.get_by_id(task.id).state == "canceled"
    with pytest.raises(ValidationError) as info:
        cases.resolve(actor, case.id, "Problem Solved", "again")
    assert "resolved already" in info.value.errors[""]
    with pytest.raises(ValidationError):
        cases.update(actor, case.id, {"title": "Edited"}, resolved.version)
    events = [a.subject for a in Activity.select().where(Activity.kind == "event", Activity.regarding_id == case.id)]
    assert any(s.startswith("Case resolved") for s in events)


def test_cancel_needs_activities_closed_and_reactivate_reopens(actor, acme):
    case = _case(actor, acme)
    call = activities.service_for("phone_call").create(actor, {"subject": "Call back", "regarding": ("case", case.id),
                                                               "direction": "Incoming"})
    with pytest.raises(ValidationError) as info:
        cases.cancel(actor, case.id)
    assert "1 open activity" in info.value.errors[""]
    assert cases.get(case.id).state == "active"
    activities.set_status(actor, call.id, "complete")
    assert cases.cancel(actor, case.id).status_reason == "Cancelled"
    with pytest.raises(ValidationError):
        cases.cancel(actor, case.id)
    reopened = cases.reactivate(actor, case.id)
    assert (reopened.state, reopened.status_reason) == ("active", "In Progress")
    with pytest.raises(ValidationError):
        cases.reactivate(actor, case.id)


def test_merge_moves_activities_notes_and_children_and_refuses_bad_targets(actor, acme):
    duplicate, target = _case(actor, acme, title="Printer broken"), _case(actor, acme, title="Printer offline")
    child = _case(actor, acme, title="Tray jammed", parent_case=duplicate.id)
    activities.log(actor, "note", ("case", duplicate.id), "Model 5200")
    activities.log(actor, "task", ("case", duplicate.id), "Visit")
    with pytest.raises(ValidationError) as info:
        cases.merge(actor, duplicate.id, duplicate.id)
    assert "itself" in info.value.errors[""]
    closed = _case(actor, acme, title="Old")
    cases.resolve(actor, closed.id, "Information Provided", "told them")
    with pytest.raises(ValidationError) as info:
        cases.merge(actor, duplicate.id, closed.id)
    assert "merge only into an active case" in info.value.errors[""]
    cases.merge(actor, duplicate.id, target.id)
    moved = Activity.select().where(Activity.regarding_type == "case", Activity.regarding_id == target.id,
                                    Activity.kind.in_(("note", "task")))
    assert sorted(a.subject for a in moved) == ["Model 5200", "Visit"]
    assert Case.get_by_id(child.id).parent_case_id == target.id
    merged = cases.get(duplicate.id)
    assert (merged.state, merged.status_reason, merged.merged_into_id) == ("cancelled", "Merged", target.id)
    with pytest.raises(ValidationError):
        cases.merge(actor, duplicate.id, target.id)


def test_parent_cycles_are_refused_and_a_parent_resolves_its_children_only_when_asked(actor, acme):
    parent = _case(actor, acme, title="Outage")
    child = _case(actor, acme, title="Site A down", parent_case=parent.id)
    with pytest.raises(ValidationError) as info:
        cases.update(actor, parent.id, {"parent_case": child.id}, cases.get(parent.id).version)
    assert "cycle" in info.value.errors["parent_case"]
    with pytest.raises(ValidationError) as info:
        cases.update(actor, parent.id, {"parent_case": parent.id}, cases.get(parent.id).version)
    assert "cannot be this case itself" in info.value.errors["parent_case"]
    assert cases.preview_resolve(parent.id) == (0, 1)
    with pytest.raises(ValidationError) as info:
        cases.resolve(actor, parent.id, "Problem Solved", "power back")
    assert "1 open child case" in info.value.errors[""]
    assert cases.get(child.id).state == "active"
    cases.resolve(actor, parent.id, "Problem Solved", "power back", resolve_children=True)
    assert cases.get(child.id).state == "resolved"
    assert listing.count(listing.ListQuery("case_recent", state=None, linked=("parent_case", parent.id))) == 1


# -- SLAs -----------------------------------------------------------------------------------------
def test_sla_kpis_go_through_warning_breach_and_success(actor, acme, high_sla, clock):
    case = _case(actor, acme, priority="High")
    assert (case.first_response_by, case.resolve_by) == (START + dt.timedelta(hours=1), START + dt.timedelta(hours=8))
    assert _kpis(case.id) == ["In progress", "In progress"]
    clock(46)  # 75% of the first hour gone
    assert _kpis(case.id) == ["Nearing noncompliance", "In progress"]
    assert [r[0] for r in listing.page(listing.ListQuery("case_sla", state="active"))] == [case.id]
    clock(61)
    assert _kpis(case.id) == ["Noncompliant", "In progress"]
    clock(70)
    activities.log(actor, "email", ("case", case.id), "We are on it")  # an outgoing email answers
    assert _kpis(case.id) == ["Noncompliant", "In progress"]
    clock(300)
    cases.resolve(actor, case.id, "Problem Solved", "fixed")
    assert _kpis(case.id) == ["Noncompliant", "Succeeded"]


def test_on_hold_stops_the_clock_and_resuming_moves_the_deadlines(actor, acme, high_sla, clock):
    case = _case(actor, acme, priority="High")
    clock(30)
    cases.update(actor, case.id, {"status_reason": "On Hold"}, cases.get(case.id).version)
    assert _kpis(case.id) == ["Paused", "Paused"]
    assert listing.count(listing.ListQuery("case_sla", state="active")) == 0
    clock(150)  # two hours on hold: past the original first-response time, yet not breached
    assert _kpis(case.id) == ["Paused", "Paused"]
    cases.update(actor, case.id, {"status_reason": "Researching"}, cases.get(case.id).version)
    resumed = cases.get(case.id)
    assert resumed.first_response_by == START + dt.timedelta(hours=3)
    assert resumed.resolve_by == START + dt.timedelta(hours=10)
    assert _kpis(case.id) == ["In progress", "In progress"]
    cases.mark_first_response(actor, case.id)
    assert _kpis(case.id)[0] == "Succeeded"
    with pytest.raises(ValidationError):
        cases.mark_first_response(actor, case.id)


def test_an_incoming_call_is_not_a_response_and_a_case_without_sla_has_no_kpis(actor, acme, high_sla, clock):
    case = _case(actor, acme, priority="High")
    activities.log(actor, "phone_call", ("case", case.id), "Customer called", direction="Incoming")
    assert cases.get(case.id).first_responded_on is None
    low = _case(actor, acme, priority="Low")
    assert low.sla_id is None and case_kpis(low, base.utcnow()) == []
    changed = cases.update(actor, low.id, {"priority": "High"}, low.version)  # now it has the High SLA
    assert changed.sla_id == high_sla.id and changed.first_response_by == START + dt.timedelta(hours=1)


def test_one_active_sla_per_priority(actor, high_sla):
    with pytest.raises(ValidationError) as info:
        slas.create(actor, {"name": "Another", "priority": "High", "first_response_minutes": "2h",
                            "resolve_minutes": "1d"})
    assert "already the active SLA" in info.value.errors["priority"]
    with pytest.raises(ValidationError) as info:
        slas.create(actor, {"name": "Upside down", "priority": "Low", "first_response_minutes": "2d",
                            "resolve_minutes": "1d"})
    assert "first_response_minutes" in info.value.errors
    with pytest.raises(ValidationError) as info:
        slas.create(actor, {"name": "Bad", "priority": "Low", "first_response_minutes": "soon",
                            "resolve_minutes": "1d"})
    assert "first_response_minutes" in info.value.errors


# -- entitlements -----------------------------------------------------------------------------------
def test_terms_are_used_on_creation_and_using_them_up_warns(actor, acme):
    gold = _entitlement(actor, ("account", acme.id), total="2")
    first = _case(actor, acme)
    assert first.entitlement_id == gold.id and first.notices == []
    assert Entitlement.get_by_id(gold.id).remaining_terms == 1
    second = _case(actor, acme)
    assert second.notices and "last" in second.notices[0]
    third = _case(actor, acme)
    assert "used up" in third.notices[0]
    assert Entitlement.get_by_id(gold.id).remaining_terms == -1
    cases.cancel(actor, third.id)  # a cancelled case gives its term back
    assert Entitlement.get_by_id(gold.id).remaining_terms == 0


def test_terms_on_resolution_and_hours_count_when_resolved(actor, acme):
    person = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    hours = _entitlement(actor, ("account", acme.id), total="10", allocation="Number of hours",
                         decrease="Case resolution")
    case = cases.create(actor, {"title": "Setup", "customer": ("contact", person.id)})  # the contact's account's
    assert case.entitlement_id == hours.id and Entitlement.get_by_id(hours.id).remaining_terms == 10
    cases.resolve(actor, case.id, "Information Provided", "explained", "1h 30m")
    assert Entitlement.get_by_id(hours.id).remaining_terms == Decimal("8.5")
    cases.reactivate(actor, case.id)
    assert Entitlement.get_by_id(hours.id).remaining_terms == 10
    with pytest.raises(ValidationError) as info:
        entitlements.create(actor, {"name": "Odd", "customer": ("account", acme.id), "start_date": "2026-01-01",
                                    "end_date": "2026-12-31", "allocation": "Number of hours", "total_terms": "5",
                                    "decrease_on": "Case creation"})
    assert "decrease_on" in info.value.errors


def test_expired_and_backwards_entitlements_are_refused(actor, acme, clock):
    with pytest.raises(ValidationError) as info:
        _entitlement(actor, ("account", acme.id), start="2026-06-01", end="2026-05-01")
    assert info.value.errors["end_date"] == "The end is before the start"
    old = _entitlement(actor, ("account", acme.id), start="2025-01-01", end="2026-12-31")
    clock(60 * 24 * 400)  # a year on: it has ended
    assert _case(actor, acme).entitlement_id is None  # an expired one is not offered
    with pytest.raises(ValidationError) as info:
        _case(actor, acme, entitlement=old.id)
    assert "expired" in info.value.errors["entitlement"]
    assert listing.count(listing.ListQuery("entitlement", state="expired")) == 1
    assert listing.count(listing.ListQuery("entitlement", state="active")) == 0
    draft = entitlements.to_draft(actor, old.id)
    with pytest.raises(ValidationError):
        entitlements.activate(actor, draft.id)  # still ended: a later end date first
    with pytest.raises(DeleteBlockedError):
        accounts.delete(actor, acme.id)


def test_dashboard_counts_open_cases_and_compliance(actor, acme, high_sla, clock):
    on_time, late, pending = (_case(actor, acme, priority="High", title=t) for t in ("On time", "Late", "Pending"))
    _case(actor, acme, priority="Low", title="Later")
    clock(30)
    cases.mark_first_response(actor, on_time.id)
    clock(120)
    cases.mark_first_response(actor, late.id)
    cases.resolve(actor, on_time.id, "Problem Solved", "done")
    figures = service_dashboard.figures(30)
    assert dict(figures.by_priority) == {"High": 2, "Normal": 0, "Low": 1}
    assert figures.open_total == 3 and figures.past_due == 1  # Pending missed its first response
    first_response = figures.compliance[0]
    assert (first_response.succeeded, first_response.noncompliant) == (1, 2)
    assert figures.resolved == 1 and figures.average_resolve_minutes == 120
    assert service_dashboard.figures(30, owner_id=actor.id + 999).open_total == 0


def test_on_hold_and_back_and_a_priority_change_are_on_the_timelines(actor, acme):
    from crm_tui.services import listing
    from crm_tui.services.customers.contacts import contacts
    from crm_tui.core.list_types import timeline_of

    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    case = cases.create(actor, {"title": "Printer jams", "customer": ("account", acme.id), "contact": ann.id})
    cases.update(actor, case.id, {"status_reason": "On Hold"}, cases.get(case.id).version)
    cases.update(actor, case.id, {"status_reason": "In Progress", "priority": "High"}, cases.get(case.id).version)
    for regarding, rollup in ((("case", case.id), False), (("contact", ann.id), False), (("account", acme.id), True)):
        rows = listing.page(timeline_of(regarding, rollup), limit=50)
        subjects = [row[4].split(" ", 1)[1] for row in rows]
        assert "Status reason: In Progress → On Hold" in subjects
        assert "Status reason: On Hold → In Progress" in subjects
        assert "Priority: Normal → High" in subjects
