"""Service from the keyboard: open a case from an account, resolve it, the queues, the dashboard."""

import datetime as dt

from crm_tui.models import Activity, Case, Entitlement
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.service.cases import cases
from crm_tui.services.service.entitlements import entitlements
from crm_tui.services.service.sla import slas
from crm_tui.ui.screens.service_dashboard import ServiceDashboardScreen
from crm_tui.ui.screens.service_dialogs import ResolveScreen
from crm_tui.ui.widgets.record_panel import RecordPanel
from tests.ui.helpers import list_lines, notifications, settle, type_text


def _tab_label(screen, pane_id: str) -> str:
    return str(screen.query_one(RecordPanel).tabs.get_tab(pane_id).label)


async def test_open_a_case_from_an_account_resolve_it_and_see_the_account_change(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme Bakeries"})
    slas.create(actor, {"name": "High", "priority": "High", "first_response_minutes": "1h", "resolve_minutes": "8h"})
    gold = entitlements.create(actor, {"name": "Gold support", "customer": ("account", acme.id),
                                       "start_date": "today", "end_date": "+30d", "allocation": "Number of cases",
                                       "total_terms": "5", "decrease_on": "Case creation"})
    entitlements.activate(actor, gold.id)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the account
        await settle(pilot)
        account_screen = app.screen
        assert _tab_label(account_screen, "tab-cases") == "Cases (0)"
        await pilot.press("N")  # a new case for this customer
        await settle(pilot)
        assert app.screen.rt.key == "case" and "Account: Acme Bakeries" in str(
            app.screen.query_one("#ref-customer").render())
        await type_text(pilot, "Oven will not heat")
        app.screen.query_one("#f-priority").value = "High"
        await pilot.press("ctrl+s")
        await settle(pilot)
        case = Case.get(Case.title == "Oven will not heat")
        case_screen = app.screen
        assert (case_screen.rt.key, case_screen.record_id) == ("case", case.id)
        assert case.entitlement_id == gold.id and Entitlement.get_by_id(gold.id).remaining_terms == 4
        summary = str(case_screen.query_one("#summary").render())
        assert "First response by" in summary and "In progress" in summary and "Gold support" in summary

        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        await type_text(pilot, "Replaced the thermostat")
        await pilot.press("enter")  # to the time spent
        await type_text(pilot, "45m")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is case_screen
        resolved = Case.get_by_id(case.id)
        assert (resolved.state, resolved.resolution, resolved.time_spent_minutes) == (
            "resolved", "Replaced the thermostat", 45)
        assert "Resolved" in notifications(app)
        timeline = [line for line in list_lines(case_screen.query_one("#timeline")) if "Case resolved" in line]
        assert timeline

        await pilot.press("escape")  # back on the account: its cases are counted afresh (the resolved one too)
        await settle(pilot)
        assert app.screen is account_screen
        assert _tab_label(account_screen, "tab-cases") == "Cases (1)"
        assert "Open now: 0 open cases" in str(account_screen.query_one("#summary").render())
        events = [a.subject for a in Activity.select().where(Activity.rollup_account == acme.id,
                                                             Activity.kind == "event")]
        assert any(s.startswith(f"Case resolved: CAS-{case.id:05d}") for s in events)


async def test_the_account_shows_open_cases_beside_open_opportunities(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme Bakeries"})
    cases.create(actor, {"title": "Oven", "customer": ("account", acme.id), "priority": "High"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert _tab_label(screen, "tab-cases") == "Cases (1)"
        assert "Open now: 1 open case (1 High) · 0 open opportunities" in str(screen.query_one("#summary").render())
        screen.query_one(RecordPanel).show("tab-cases")
        await settle(pilot)
        assert any("Oven" in line for line in list_lines(screen.query_one("#related-cases")))


async def test_the_case_queue_the_sla_queue_and_the_dashboard(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    slas.create(actor, {"name": "High", "priority": "High", "first_response_minutes": "1m", "resolve_minutes": "1d"})
    cases.create(actor, {"title": "Low one", "customer": ("account", acme.id), "priority": "Low"})
    high = cases.create(actor, {"title": "Urgent one", "customer": ("account", acme.id), "priority": "High"})
    missed = high.created_on - dt.timedelta(hours=1)  # as if it came in an hour before its one-minute reply time
    Case.update(first_response_by=missed, sla_due_at=missed, sla_warn_at=missed).where(Case.id == high.id).execute()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")  # Cases: the queue, High first
        await settle(pilot)
        rows = [line for line in list_lines(app.screen.query_one("#records"))[1:] if line.strip()]
        assert "Urgent one" in rows[0] and "Low one" in rows[1]
        assert "by priority" in str(app.screen.query_one("#list-title").render())
        await pilot.press("s")  # nearing or past the SLA
        await settle(pilot)
        rows = [line for line in list_lines(app.screen.query_one("#records"))[1:] if line.strip()]
        assert len(rows) == 1 and "Urgent one" in rows[0] and "Reply 1h" in rows[0] and "late" in rows[0]
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ServiceDashboardScreen)
        assert "2 open cases · 1 past an SLA deadline now" in str(app.screen.query_one("#dashboard-title").render())
        assert "High" in str(app.screen.query_one("#by-priority").render())
        await pilot.press("p")
        await settle(pilot)
        assert "last 90 days" in str(app.screen.query_one("#sla-head").render())


async def test_the_status_reason_offers_only_what_may_be_picked_and_long_values_end_in_an_ellipsis(make_app, actor):
    from textual.widgets import Select

    from crm_tui.core.types.case import CASE_REASONS
    from crm_tui.services.customers.contacts import contacts
    from crm_tui.ui.widgets.form import FieldSelect
    from tests.ui.helpers import keys_at_once

    acme = accounts.create(actor, {"name": "Acme"})
    open_case = cases.create(actor, {"title": "Printer jams", "customer": ("account", acme.id)})
    done = cases.create(actor, {"title": "Toner smudges", "customer": ("account", acme.id)})
    cases.resolve(actor, done.id, "Problem Solved", "New drum", 30)
    email = "beatriz.abbott835@prosewareconstruction.example"
    ann = contacts.create(actor, {"first_name": "Beatriz", "last_name": "Abbott", "email": email})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_record("case", open_case.id)
        await settle(pilot)
        reasons = app.screen.query_one("#f-status_reason", FieldSelect)
        offered = [str(prompt) for prompt, value in reasons._options if value is not Select.NULL and str(prompt)]
        assert offered == list(CASE_REASONS["active"]) and "Problem Solved" not in offered
        await keys_at_once(pilot, "escape")
        app.open_record("case", done.id)  # another case screen of the same shape: its reason shown as it is
        await settle(pilot)
        reasons = app.screen.query_one("#f-status_reason", FieldSelect)
        assert reasons.value == "Problem Solved"
        await keys_at_once(pilot, "escape")
        app.open_record("contact", ann.id)
        await settle(pilot)
        field = app.screen.query_one("#f-email")
        shown = field.render_line(0).text.rstrip()
        assert shown.endswith("…") and email.startswith(shown[:-1].strip())
        field.focus()
        await settle(pilot)
        assert field.value == email and "…" not in field.render_line(0).text
