"""Selling from the keyboard: qualify a lead, disqualify and reactivate, close a deal, the pipeline."""

from decimal import Decimal

from crm_tui.models import Account, Contact, Lead, Opportunity
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.ui.screens.pipeline import PipelineScreen
from crm_tui.ui.screens.record import RecordScreen
from crm_tui.ui.screens.sales_dialogs import DuplicatesScreen
from tests.ui.helpers import list_lines, notifications, settle, type_text


def _lead(actor, **fields):
    return leads.create(actor, {"topic": "40 cloud seats", "first_name": "Omar", "last_name": "Haddad",
                                "company_name": "Quarry Labs", "email": "omar@quarry.example",
                                "estimated_value": "18000", **fields})


async def _open_leads(pilot):
    await settle(pilot)
    await pilot.press("3")  # Leads in the sidebar
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RecordScreen) and pilot.app.screen.rt.key == "lead"


async def test_qualify_a_lead_with_one_key_and_land_on_its_opportunity(make_app, actor):
    lead = _lead(actor)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_leads(pilot)
        await pilot.press("Q")  # nothing like it in the CRM: the dialog still asks, saying what it makes
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)
        question = str(app.screen.query_one(".dialog-text").render())
        assert "“Quarry Labs”" in question and "“Omar Haddad”" in question and "opportunity" in question
        assert Lead.get_by_id(lead.id).state == "open" and not Opportunity.select().exists()
        await pilot.press("enter")
        await settle(pilot)
        deal = Opportunity.get(Opportunity.originating_lead == lead.id)
        screen = app.screen
        assert isinstance(screen, RecordScreen) and (screen.rt.key, screen.record_id) == ("opportunity", deal.id)
        assert "Opportunity · 40 cloud seats" in str(screen.query_one("#record-title").render())
        assert Lead.get_by_id(lead.id).state == "qualified"
        assert Account.get_by_id(deal.customer_account_id).name == "Quarry Labs"
        assert any("Qualified" in n for n in notifications(app))
        await pilot.press("escape")  # back to the lead list: the lead is no longer open
        await settle(pilot)
        assert "Open Leads · 0" in str(app.screen.query_one("#list-title").render())


async def test_qualify_offers_the_duplicates_and_uses_the_one_picked(make_app, actor):
    quarry = accounts.create(actor, {"name": "QUARRY LABS"})
    omar = contacts.create(actor, {"first_name": "Omar", "last_name": "Haddad", "parent_customer": quarry.id})
    _lead(actor)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_leads(pilot)
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)
        # The existing account and contact are offered first; tab reaches the contact list.
        await pilot.press("tab", "up", "down", "enter")
        await settle(pilot)
        deal = Opportunity.get()
        assert (deal.customer_account_id, deal.contact_id) == (quarry.id, omar.id)
        assert (Account.select().count(), Contact.select().count()) == (1, 1)


async def test_disqualify_with_a_reason_then_reactivate(make_app, actor):
    lead = _lead(actor)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_leads(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("3")  # the third reason: No Longer Interested
        await settle(pilot)
        stored = Lead.get_by_id(lead.id)
        assert (stored.state, stored.status_reason) == ("disqualified", "No Longer Interested")
        assert "Disqualified · No Longer Interested" in str(app.screen.query_one("#record-title").render())
        await pilot.press("Q")  # not offered on a disqualified lead
        await settle(pilot)
        assert not Opportunity.select().exists()
        await pilot.press("r")
        await settle(pilot)
        assert Lead.get_by_id(lead.id).state == "open"


async def test_close_as_won_keeps_a_bad_amount_in_the_dialog_then_reopen(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    deal = opportunities.create(actor, {"topic": "Fleet renewal", "customer": ("account", acme.id),
                                        "estimated_revenue": "5000"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4", "enter")
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "-7")
        await pilot.press("enter")
        await settle(pilot)
        assert "negative" in str(app.screen.query_one("#won-error").render())
        assert Opportunity.get_by_id(deal.id).state == "open"
        await pilot.press(*["backspace"] * 2)
        await type_text(pilot, "6500")
        await pilot.press("enter")
        await settle(pilot)
        stored = Opportunity.get_by_id(deal.id)
        assert (stored.state, stored.actual_revenue) == ("won", Decimal("6500"))
        assert isinstance(app.screen, RecordScreen) and "[Won]" in str(app.screen.query_one("#record-title").render())
        await pilot.press("r")
        await settle(pilot)
        assert Opportunity.get_by_id(deal.id).state == "open"


async def test_pipeline_shows_the_value_and_moves_a_deal_to_the_next_stage(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    small = opportunities.create(actor, {"topic": "Small deal", "customer": ("account", acme.id),
                                         "estimated_revenue": "1000", "probability": "50"})
    opportunities.create(actor, {"topic": "Big deal", "customer": ("account", acme.id),
                                 "estimated_revenue": "2500000", "probability": "20", "stage": "Propose"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4", "down", "p")  # from Small deal in the list: the pipeline starts on it
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PipelineScreen)
        title = str(screen.query_one("#pipeline-title").render())
        assert "2 open" in title and "2.50M estimated" in title and "500.5k weighted" in title
        chart = str(screen.query_one("#pipeline-chart").render())
        assert "Qualify" in chart and "█" in chart
        assert "Small deal" in list_lines(screen.query_one("#stage-0"))[1]
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert Opportunity.get_by_id(small.id).stage == "Develop"
        assert "Small deal" in list_lines(screen.query_one("#stage-1"))[1]
        assert app.focused is screen.query_one("#stage-1")
        assert "Develop 1" in str(screen.query_one("#stage-head-1").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == small.id


async def test_a_won_deal_stays_on_its_accounts_opportunities_tab(make_app, actor):
    from tests.ui.helpers import keys_at_once

    acme = accounts.create(actor, {"name": "Acme"})
    won = opportunities.create(actor, {"topic": "25 printers", "customer": ("account", acme.id)})
    opportunities.close_won(actor, won.id)
    opportunities.create(actor, {"topic": "Toner for a year", "customer": ("account", acme.id)})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        panel = app.screen.query_one("RecordPanel")
        panel.show("tab-opportunities")
        await settle(pilot)
        lines = list_lines(app.screen.query_one("#related-opportunities"))
        assert any("25 printers" in line and "Won" in line for line in lines)
        assert any("Toner for a year" in line for line in lines)
        assert "(2)" in str(panel.tabs.get_tab("tab-opportunities").label)


async def test_the_pipeline_opened_from_a_deal_starts_on_that_deal_and_its_cards_tell_deals_apart(make_app, actor):
    from tests.ui.helpers import keys_at_once

    acme = accounts.create(actor, {"name": "Acme Printing"})
    globex = accounts.create(actor, {"name": "Globex"})
    for n in range(12):  # larger deals above it in its column: it is further down than the screen
        opportunities.create(actor, {"topic": f"Deal {n}", "customer": ("account", acme.id),
                                     "estimated_revenue": str(90000 + n), "stage": "Develop"})
    ours = opportunities.create(actor, {"topic": "25 printers", "customer": ("account", globex.id),
                                        "estimated_revenue": "12480", "stage": "Develop"})
    opportunities.create(actor, {"topic": "25 printers", "customer": ("account", acme.id),
                                 "estimated_revenue": "12000", "stage": "Develop"})
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        app.open_record("opportunity", ours.id)
        await settle(pilot)
        await keys_at_once(pilot, "P")
        screen = app.screen
        assert isinstance(screen, PipelineScreen)
        column = screen.query_one("#stage-1")
        assert app.focused is column and column.current_id == ours.id
        assert int(column.scroll_offset.y) % 2 == 0  # scrolled by whole cards
        lines = list_lines(column)
        assert lines[1] and not lines[1].startswith("  ")  # the first card shown begins with its topic
        at = next(i for i, line in enumerate(lines) if line.startswith("25 printers"))
        assert "Globex" in lines[at + 1] and "12,480" in lines[at + 1]
        await keys_at_once(pilot, "down")  # the other "25 printers" is someone else's
        lines = list_lines(column)
        at = max(i for i, line in enumerate(lines) if line.startswith("25 printers"))
        assert "Acme" in lines[at + 1] and "12,000" in lines[at + 1]
        await keys_at_once(pilot, "escape", "escape")
        await keys_at_once(pilot, "4")
        app.screen.records.reload(select_id=ours.id)
        await settle(pilot)
        await keys_at_once(pilot, "p")  # from the list, the deal under the cursor
        assert app.screen.query_one("#stage-1").current_id == ours.id
