"""Keys typed as fast as a terminal delivers them: every key handed to the app at once, before
it has handled any (keys_at_once), then the database says what the user got.

Each of these lost or misdelivered keys before the key gate (ui/keys.py): a key typed while a
screen opened ran as a command of the screen underneath or was lost, a key after tab landed in
the field tab was leaving, a letter in the log dialog's subject picked the kind, and a second
action on a deal conflicted with the first.
"""

from decimal import Decimal

from crm_tui.core.types.account import RELATIONSHIP_TYPES
from crm_tui.core.types.opportunity import STAGES
from crm_tui.models import Account, Activity, Case, Opportunity
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.ui.screens.dialogs import ConfirmScreen
from crm_tui.ui.screens.record import RecordScreen
from tests.ui.helpers import keys_at_once, settle


async def test_n_and_a_name_typed_at_once_make_that_account(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The p of "Typist" used to open the parent-account chooser of the form still opening.
        await keys_at_once(pilot, "n", "Fast Typist GmbH", "ctrl+s")
        account = Account.get()
        assert (account.name, account.parent_id) == ("Fast Typist GmbH", None)
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == account.id


async def test_four_fields_typed_and_tabbed_at_full_speed_land_in_their_fields(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "n")
        await keys_at_once(pilot, "Alpha 1", "tab", "ACC-1", "tab", "+49 40 12341", "tab", "a1@example.de", "ctrl+s")
        account = Account.get()
        assert (account.name, account.account_number, account.phone, account.email) == (
            "Alpha 1", "ACC-1", "+49 40 12341", "a1@example.de")


async def test_typing_after_a_dropdown_choice_goes_to_the_next_field(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "n", "Beta 2")
        app.screen.query_one("#f-relationship_type").focus()
        await settle(pilot)
        # Open the dropdown, take the first choice, tab on to the revenue and type it.
        await keys_at_once(pilot, "enter", "down", "enter", "tab", "250000", "ctrl+s")
        account = Account.get()
        assert (account.name, account.relationship_type, account.annual_revenue) == (
            "Beta 2", RELATIONSHIP_TYPES[0], Decimal("250000"))


async def test_enter_then_a_then_a_subject_logs_a_call_with_that_subject(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme", "phone": "+1 555 0100"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # Open the account, log on it, type over the ready subject, save: no letter picks a kind.
        await keys_at_once(pilot, "enter", "a", "Left voicemail", "enter")
        call = Activity.get(Activity.kind != "event")
        assert (call.kind, call.subject, call.regarding_type, call.regarding_id) == (
            "phone_call", "Left voicemail", "account", acme.id)


async def test_the_kind_is_chosen_with_keys_that_are_not_text(make_app, actor):
    accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter", "a", "down", "send robot arm quote", "enter")
        email = Activity.get(Activity.kind != "event")
        assert (email.kind, email.subject) == ("email", "send robot arm quote")


async def test_capital_n_then_a_title_opens_that_case(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter", "N", "Printer jams daily", "ctrl+s")
        case = Case.get()
        assert (case.title, case.customer_account_id) == ("Printer jams daily", acme.id)


async def test_capital_r_then_a_resolution_resolves_with_it(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    case = cases.create(actor, {"title": "Toner smears", "customer": ("account", acme.id)})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "5", "enter", "R", "Replaced the fuser unit", "ctrl+s")
        resolved = Case.get_by_id(case.id)
        assert (resolved.state, resolved.resolution) == ("resolved", "Replaced the fuser unit")


async def test_two_moves_in_the_pipeline_move_the_deal_two_stages(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    deal = opportunities.create(actor, {"topic": "Forklifts", "customer": ("account", acme.id),
                                        "stage": STAGES[0], "estimated_revenue": "1000"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "4", "p", ">", ">")
        assert Opportunity.get_by_id(deal.id).stage == STAGES[2]
        assert not any("locked" in n.message or "Conflict" in n.title for n in app._notifications)


async def test_ctrl_q_asks_before_losing_an_unsaved_edit(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "n", "Half typed", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await keys_at_once(pilot, "n")  # no: back to the form, the text still there
        assert isinstance(app.screen, RecordScreen) and app.screen.is_dirty


async def test_typing_after_a_refused_save_goes_to_the_field_in_trouble(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The first save is refused (no name) and puts the cursor in the name: what follows lands there.
        await keys_at_once(pilot, "n", "tab", "ACC-7", "ctrl+s", "Late Name Ltd", "ctrl+s")
        account = Account.get()
        assert (account.name, account.account_number) == ("Late Name Ltd", "ACC-7")


async def test_escape_typed_while_a_record_opens_comes_back_to_the_list(make_app, actor):
    from crm_tui.ui.screens.list_screen import ListScreen

    accounts.create(actor, {"name": "Acme"})
    accounts.create(actor, {"name": "Borealis"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter", "escape", "down", "enter")
        assert isinstance(app.screen, RecordScreen) and app.screen.query_one("#f-name").value == "Borealis"
        await keys_at_once(pilot, "escape")
        assert isinstance(app.screen, ListScreen)


async def test_a_key_moving_the_cursor_while_a_list_rereads_is_not_undone(make_app, actor, monkeypatch):
    """Back on a list, it shows its rows at once and rereads them; a down typed meanwhile stays
    down (the reread used to put the cursor back on the record it had left)."""
    import time

    from crm_tui.services import listing

    alpha = accounts.create(actor, {"name": "Alpha Works"})
    beta = accounts.create(actor, {"name": "Beta Freight"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        assert app.screen.record_id == alpha.id
        slow_count = listing.count

        def count(query):
            time.sleep(0.3)  # a busy database: the reread comes after the keys
            return slow_count(query)

        monkeypatch.setattr(listing, "count", count)
        await keys_at_once(pilot, "escape", "down")  # down lands before the reread's answer
        assert app.screen.records.cursor == 1
        await keys_at_once(pilot, "enter")
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == beta.id


async def test_a_new_record_saved_shows_at_once_from_what_the_save_answered(make_app, actor, monkeypatch):
    """The saved record's screen used to read the record again, standing blank meanwhile."""
    from crm_tui.services import record_detail

    reads = []
    load = record_detail.load
    monkeypatch.setattr(record_detail, "load", lambda *args: reads.append(args) or load(*args))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "n", "Saved At Once Ltd", "ctrl+s")
        account = Account.get()
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == account.id
        assert app.screen.query_one("#f-name").value == "Saved At Once Ltd"
        # read once, by the save itself (it answers the record as it now is), not again by the screen
        assert [args[:2] for args in reads].count(("account", account.id)) == 1


async def test_back_on_an_account_its_tabs_count_what_was_added_from_the_first_frame(make_app, actor, monkeypatch):
    from crm_tui.ui.widgets.record_panel import RecordPanel

    accounts.create(actor, {"name": "Acme"})
    seen = []
    resume = RecordScreen.on_screen_resume

    def on_resume(screen) -> None:  # what the first frame back shows, before any reread of its own
        if screen.rt.key == "account":
            seen.append(str(screen.query_one(RecordPanel).tabs.get_tab("tab-contacts").label))
        resume(screen)

    monkeypatch.setattr(RecordScreen, "on_screen_resume", on_resume)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        await keys_at_once(pilot, "c", "Ann", "tab", "Lee", "ctrl+s")
        assert app.screen.rt.key == "contact"
        await keys_at_once(pilot, "escape")
        assert app.screen.rt.key == "account"
        assert seen and seen[-1].endswith("(1)"), seen
