"""Screens the app keeps and shows again (ui/app.kept_screen): each showing is of its own record,
with nothing left over from the one before."""

from crm_tui.models import Activity, Opportunity
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.global_search import GlobalSearchScreen
from crm_tui.ui.screens.record import RecordScreen
from crm_tui.ui.widgets.record_list import RecordList
from tests.ui.helpers import field_error, keys_at_once, list_lines, settle


async def test_the_kept_record_screen_shows_the_next_record_and_nothing_of_the_last(make_app, actor):
    alpha = accounts.create(actor, {"name": "Alpha Works", "city": "Oslo", "phone": "+47 1234 5678"})
    beta = accounts.create(actor, {"name": "Beta Freight"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": alpha.id})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")  # Alpha, the first in the list
        first = app.screen
        assert isinstance(first, RecordScreen) and first.record_id == alpha.id
        app.screen.query_one("#f-email").value = "not an email"
        await keys_at_once(pilot, "ctrl+s")  # an error under the field, and a tab brought forward
        assert field_error(app, "email")
        first.query_one("#summary").focus()  # out of the field (where ] is text), to the record's keys
        await keys_at_once(pilot, "]")
        assert first.query_one("#panel-tabs").active == "tab-contacts"
        app.screen.query_one("#f-email").value = ""
        await keys_at_once(pilot, "escape", "down", "enter")  # back, and Beta
        assert app.screen is first and first.record_id == beta.id  # the same widgets, another record
        assert (first.query_one("#f-name").value, first.query_one("#f-city").value,
                first.query_one("#f-phone").value) == ("Beta Freight", "", "")
        assert "Beta Freight" in str(first.query_one("#record-title").render())
        assert not field_error(app, "email")
        assert first.query_one("#panel-tabs").active == "tab-timeline"
        await keys_at_once(pilot, "]")  # Beta's contacts: none, not Alpha's
        related = first.query_one("#related-contacts", RecordList)
        assert related.total == 0 and not any("Ann Lee" in line for line in list_lines(related))
        await keys_at_once(pilot, "a", "Called Beta", "enter")  # logged on Beta, not on Alpha
        assert Activity.get(Activity.subject == "Called Beta").regarding_id == beta.id


async def test_a_record_of_a_type_already_open_gets_a_screen_of_its_own(make_app, actor):
    parent = accounts.create(actor, {"name": "Parent Holdings"})
    child = accounts.create(actor, {"name": "Child Branch", "parent": parent.id})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_record("account", child.id)
        await settle(pilot)
        await keys_at_once(pilot, "l")  # the parent account, over the child's screen
        parent_screen = app.screen
        assert isinstance(parent_screen, RecordScreen) and parent_screen.record_id == parent.id
        await keys_at_once(pilot, "escape")
        assert app.screen.record_id == child.id and app.screen.query_one("#f-name").value == "Child Branch"


async def test_search_everywhere_opens_empty_each_time(make_app, actor):
    accounts.create(actor, {"name": "Contoso Pharma"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "ctrl+f", "contoso")
        search = app.screen
        assert isinstance(search, GlobalSearchScreen) and search.hits
        await keys_at_once(pilot, "escape", "ctrl+f")
        assert app.screen is search and search.query_one("#search-input").value == "" and not search.hits


async def _dialog_on(pilot, record_type: str, record_id: int, key: str):
    """Back to the list (from a dialog and its record, if one is open), open the record, press key:
    the screen it opens."""
    for _ in range(3):  # a dialog, its record
        if len(pilot.app.screen_stack) > 1:
            await keys_at_once(pilot, "escape")
    assert len(pilot.app.screen_stack) == 1
    pilot.app.open_record(record_type, record_id)
    await keys_at_once(pilot, key)
    return pilot.app.screen


async def test_the_kept_dialogs_ask_about_the_record_they_are_opened_on(make_app, actor):
    from crm_tui.core.types.lead import LEAD_DISQUALIFIED, LEAD_REASONS
    from crm_tui.core.types.opportunity import OPP_LOST, OPPORTUNITY_REASONS
    from crm_tui.models import Case
    from crm_tui.services.sales.leads import leads
    from crm_tui.services.sales.opportunities import opportunities
    from crm_tui.services.service.cases import cases
    from crm_tui.ui.screens.sales_dialogs import ReasonScreen
    from crm_tui.ui.screens.service_dialogs import ResolveScreen

    acme = accounts.create(actor, {"name": "Acme"})
    parent = cases.create(actor, {"title": "Printers offline", "customer": ("account", acme.id)})
    cases.create(actor, {"title": "Printer 2 offline", "customer": ("account", acme.id), "parent_case": parent.id})
    lone = cases.create(actor, {"title": "Toner low", "customer": ("account", acme.id)})
    lead = leads.create(actor, {"topic": "Forklift lease", "last_name": "Haddad"})
    deal = opportunities.create(actor, {"topic": "Forklifts", "customer": ("account", acme.id)})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        resolve = await _dialog_on(pilot, "case", parent.id, "R")
        assert isinstance(resolve, ResolveScreen) and resolve.query_one("#resolve-children").display
        # The same dialog, for a case without children.
        assert await _dialog_on(pilot, "case", lone.id, "R") is resolve
        assert not resolve.query_one("#resolve-children").display
        assert "Toner low" in str(resolve.query_one("#resolve-title").render())
        await keys_at_once(pilot, "Ordered toner", "ctrl+s")
        assert Case.get_by_id(lone.id).resolution == "Ordered toner" and Case.get_by_id(parent.id).state == "active"

        reasons = await _dialog_on(pilot, "lead", lead.id, "D")
        assert isinstance(reasons, ReasonScreen) and reasons.reasons == LEAD_REASONS[LEAD_DISQUALIFIED]
        # The same dialog, with the reasons a deal is lost for.
        assert await _dialog_on(pilot, "opportunity", deal.id, "L") is reasons
        assert reasons.reasons == OPPORTUNITY_REASONS[OPP_LOST]
        assert "Forklifts" in str(reasons.query_one("#reason-question").render())
        await keys_at_once(pilot, "2")
        assert (Opportunity.get_by_id(deal.id).state,
                Opportunity.get_by_id(deal.id).status_reason) == ("lost", OPPORTUNITY_REASONS[OPP_LOST][1])


async def test_the_kept_qualify_dialog_offers_only_the_second_leads_duplicates(make_app, actor):
    from crm_tui.models import Account
    from crm_tui.services.sales.leads import leads
    from crm_tui.ui.screens.sales_dialogs import DuplicatesScreen

    accounts.create(actor, {"name": "Quarry Labs"})
    first = leads.create(actor, {"topic": "Seats", "last_name": "Haddad", "company_name": "Quarry Labs"})
    second = leads.create(actor, {"topic": "Desks", "last_name": "Ito", "company_name": "Nimbus Oy"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await _dialog_on(pilot, "lead", first.id, "Q")
        assert isinstance(dialog, DuplicatesScreen) and dialog.query_one("#dup-accounts").display
        # The same dialog: nothing like this lead, so no accounts offered.
        assert await _dialog_on(pilot, "lead", second.id, "Q") is dialog
        assert not dialog.query_one("#dup-accounts").display
        assert "“Nimbus Oy”" in str(dialog.query_one("#dup-question").render())
        await keys_at_once(pilot, "enter")
        assert Account.select().where(Account.name == "Nimbus Oy").count() == 1


async def test_a_list_shown_again_keeps_its_count_in_the_title_until_the_new_count_comes(make_app, actor,
                                                                                         monkeypatch):
    """Not "…" for a frame and then the count: the first frame back is the list as it was."""
    import threading

    from textual.widgets import Static

    from crm_tui.services import listing
    from crm_tui.ui.screens.list_screen import ListScreen

    accounts.create(actor, {"name": "Alpha Works"})
    accounts.create(actor, {"name": "Beta Freight"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        assert isinstance(app.screen, RecordScreen)
        recount = threading.Event()
        count = listing.count
        monkeypatch.setattr(listing, "count", lambda query: recount.wait(5) and count(query))
        app.screen.action_back()
        await pilot.pause(0.1)  # shown again; its recount is held on its way
        assert isinstance(app.screen, ListScreen)
        titles = [str(app.screen.query_one("#list-title", Static).render())]
        recount.set()
        await settle(pilot)
        titles.append(str(app.screen.query_one("#list-title", Static).render()))
        assert titles == ["Active Accounts · 2"] * 2
