"""Search everywhere (ctrl+f) and the palette, driven by keys."""

from __future__ import annotations

from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from crm_tui.services.service.cases import cases
from crm_tui.ui.screens.global_search import GlobalSearchScreen
from crm_tui.ui.screens.record import RecordScreen
from tests.ui.helpers import pick_from_palette, settle, type_text


def _result_lines(app) -> list[str]:
    options = app.screen.query_one("#search-results")
    return [str(options.get_option_at_index(i).prompt).strip() for i in range(options.option_count)]


async def test_ctrl_f_from_a_record_form_finds_every_kind_grouped_and_opens_one(make_app, actor):
    harbor = accounts.create(actor, {"name": "Harbor Freight"})
    contacts.create(actor, {"first_name": "Hari", "last_name": "Patel", "email": "hari@harbor.example"})
    leads.create(actor, {"topic": "Harbour cranes", "last_name": "Ng"})
    case = cases.create(actor, {"title": "Harbor gate offline", "customer": ("account", harbor.id)})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the account: focus in a form field
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, GlobalSearchScreen)
        await type_text(pilot, "har")
        await settle(pilot)
        lines = _result_lines(app)
        assert lines[0] == "Accounts (1)" and lines[1] == "Harbor Freight"
        assert "Contacts (1)" in lines and "Leads (1)" in lines and "Cases (1)" in lines
        assert any(line.startswith("Hari Patel") for line in lines)
        await type_text(pilot, "bor g")  # "harbor g": only the case's title has both words
        await settle(pilot)
        assert _result_lines(app) == ["Cases (1)", f"CAS-{case.id:05d} Harbor gate offline  — Normal · In Progress"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert (app.screen.rt.key, app.screen.record_id) == ("case", case.id)


async def test_search_finds_a_record_just_created_and_says_when_nothing_matches(make_app, actor):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await type_text(pilot, "quill")
        await settle(pilot)
        assert _result_lines(app) == []
        assert "Nothing starts with “quill”" in str(app.screen.query_one("#search-status").render())
        await pilot.press("escape")
        await settle(pilot)
        accounts.create(actor, {"name": "Quillfeather Books", "phone": "+1 425 555 0199"})
        await pilot.press("ctrl+f")
        await type_text(pilot, "4255550")  # by phone digits
        await settle(pilot)
        assert _result_lines(app)[1].startswith("Quillfeather Books")


async def test_the_palette_finds_records_as_search_does_and_runs_app_actions(make_app, actor):
    lead = leads.create(actor, {"topic": "Solar roof", "first_name": "Ines", "last_name": "Duarte",
                                "email": "ines@sunny.example"})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick_from_palette(pilot, "ines@sun")  # a lead, by the start of the email
        assert isinstance(app.screen, RecordScreen)
        assert (app.screen.rt.key, app.screen.record_id) == ("lead", lead.id)
        await pick_from_palette(pilot, "search all")  # an app action, by its name
        assert isinstance(app.screen, GlobalSearchScreen)


def test_the_search_says_shown_when_there_are_more_and_found_when_that_is_all():
    from crm_tui.services.global_search import Results
    from crm_tui.services.hits import Hit
    from crm_tui.ui.screens.global_search import PER_TYPE, search_status

    def hits(kind, n):
        return [Hit(kind, i, f"{kind} {i}", "", "active") for i in range(n)]

    assert search_status(Results("x", hits("account", 3) + hits("contact", 2))) == "5 found"
    many = Results("x", hits("account", PER_TYPE) + hits("contact", 2))
    assert search_status(many).startswith(f"{PER_TYPE + 2} shown: the first {PER_TYPE}")


async def test_a_name_and_enter_typed_at_once_open_that_record_not_an_earlier_answers(make_app, actor):
    """enter reaches the dialog before the database answers the text typed: it waits for that
    answer and opens its first record; keys after it go to the record then."""
    from crm_tui.ui.screens.record import RecordScreen

    from .helpers import keys_at_once

    accounts.create(actor, {"name": "Bergen Shipping"})
    beyond = accounts.create(actor, {"name": "Beyond Freight"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "ctrl+f", *"be")  # answers for "be" shown: both, Bergen first
        await keys_at_once(pilot, *"yo", "enter")
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == beyond.id
