"""Accounts and contacts from the keyboard: create, relate, find, conflict."""

from crm_tui.models import Account, Contact
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.dialogs import ConfirmScreen, ConflictScreen
from crm_tui.ui.screens.list_screen import ListScreen
from crm_tui.ui.screens.record import RecordScreen
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.sidebar import Sidebar

from .helpers import (
    field_error,
    list_lines,
    notifications,
    pick_from_palette,
    settle,
    type_text,
)


async def test_create_an_account_add_a_contact_and_make_it_primary(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await type_text(pilot, "Northwind Traders")
        await pilot.press("tab", "tab")  # to Phone
        await type_text(pilot, "+1 425 555 0100")
        await pilot.press("ctrl+s")
        await settle(pilot)
        account = Account.get(Account.name == "Northwind Traders")
        assert account.phone == "+1 425 555 0100"
        assert app.screen.record_id == account.id  # the saved account's own screen

        await pilot.press("c")  # add a contact to this account
        await settle(pilot)
        await type_text(pilot, "Ann")
        await pilot.press("tab")
        await type_text(pilot, "Lee")
        await pilot.press("ctrl+s")
        await settle(pilot)
        ann = Contact.get(Contact.last_name == "Lee")
        assert ann.parent_customer_id == account.id

        await pilot.press("escape")  # back to the account; ] brings its contacts tab forward
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        related = app.screen.query_one("#related-contacts", RecordList)
        assert app.focused is related
        assert any("Ann Lee" in line for line in list_lines(related))

        app.screen.query_one("#summary").focus()
        await pilot.press("m")  # choose the primary contact among the account's contacts
        await settle(pilot)
        await type_text(pilot, "lee")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Ann Lee" in str(app.screen.query_one("#ref-primary_contact").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Account.get_by_id(account.id).primary_contact_id == ann.id

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        lines = list_lines(app.screen.query_one("#records", RecordList))
        assert any("Northwind Traders" in line and "Ann Lee" in line for line in lines)


async def test_bad_input_shows_beside_the_field_and_keeps_what_was_typed(make_app, actor):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # to Email, leaving the name empty
        await type_text(pilot, "not-an-email")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "email address" in field_error(app, "email")
        assert field_error(app, "name") == "Required"
        assert app.screen.query_one("#f-email").value == "not-an-email"
        assert Account.select().count() == 0
        assert app.focused.id == "f-name"  # the first field in trouble has the focus
        await type_text(pilot, "Fixed Co")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Account.select().count() == 0  # still the bad email
        app.screen.query_one("#f-email").value = "sales@fixed.example"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Account.get(Account.name == "Fixed Co").email == "sales@fixed.example"


async def test_a_stale_save_shows_the_conflict_and_keeps_mine_on_request(make_app, actor, other_user):
    account = accounts.create(actor, {"name": "Litware", "city": "Oslo"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open Litware
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        accounts.update(other_user, account.id, {"city": "Bergen"}, 1)  # a colleague saves first
        app.screen.query_one("#f-city").value = "Trondheim"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        table = str(app.screen.query_one("#conflict-table").render())
        assert "Trondheim" in table and "Bergen" in table
        assert Account.get_by_id(account.id).city == "Bergen"
        await pilot.press("k")  # keep mine
        await settle(pilot)
        assert Account.get_by_id(account.id).city == "Trondheim"
        assert "Saved" in notifications(app)


async def test_the_sidebar_marks_the_list_shown_and_a_click_picks_another(make_app, actor):
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee"})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        lines = sidebar.lines()
        assert [line.strip() for line in lines[:3]] == ["Records", "1 Accounts", "2 Contacts"]
        assert sidebar.current == "account"
        await pilot.click(Sidebar, offset=(3, 2))  # the third line: 2 Contacts
        await settle(pilot)
        assert sidebar.current == "contact"
        assert str(app.screen.query_one("#list-title").render()).startswith("Active Contacts · 1")
        await pilot.click(Sidebar, offset=(3, 0))  # the title picks nothing
        await settle(pilot)
        assert sidebar.current == "contact"


async def test_find_with_slash_filters_the_list_as_you_type(make_app, actor):
    for name in ("Fabrikam", "Contoso East", "Contoso West", "Litware"):
        accounts.create(actor, {"name": name})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "cont")
        await settle(pilot)
        records = app.screen.query_one("#records", RecordList)
        rows = [line for line in list_lines(records)[1:] if line.strip()]
        assert [r.split()[0:2] for r in rows] == [["Contoso", "East"], ["Contoso", "West"]]
        assert "2" in str(app.screen.query_one("#list-title").render())
        await pilot.press("enter", "down", "enter")  # into the list, second row, open it
        await settle(pilot)
        assert app.screen.detail.title == "Contoso West"


async def test_ctrl_p_finds_a_contact_by_first_name_and_opens_it(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    zoe = contacts.create(actor, {"first_name": "Zoe", "last_name": "Quinn", "parent_customer": acme.id})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick_from_palette(pilot, "zoe q")
        assert isinstance(app.screen, RecordScreen)
        assert (app.screen.rt.key, app.screen.record_id) == ("contact", zoe.id)


async def test_ctrl_p_goes_to_a_record_type(make_app, actor):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick_from_palette(pilot, "go to contacts")
        assert isinstance(app.screen, ListScreen) and app.screen.record_type == "contact"


async def test_number_keys_switch_record_type(make_app, actor):
    contacts.create(actor, {"first_name": "Solo", "last_name": "Person"})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "Contacts" in str(app.screen.query_one("#list-title").render())
        assert any("Solo Person" in line for line in list_lines(app.screen.query_one("#records", RecordList)))
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.record_type == "account"


async def test_deactivate_asks_first_and_delete_explains_why_it_is_refused(make_app, actor):
    parent = accounts.create(actor, {"name": "Parent Co"})
    accounts.create(actor, {"name": "Zulu Child", "parent": parent.id})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Parent Co comes first
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert Account.get_by_id(parent.id).state == "inactive"
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("1 sub-account" in message for message in notifications(app))
        assert Account.select().where(Account.id == parent.id).exists()


async def test_leaving_with_unsaved_changes_asks_first(make_app, actor):
    accounts.create(actor, {"name": "Keep Me"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#f-city").value = "Paris"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert Account.get().city is None


async def test_markup_and_escape_codes_in_a_name_show_literally_everywhere(make_app, actor):
    account = accounts.create(actor, {"name": "[bold]ACME[/] \x1b[31m", "city": "\x1b[2J"})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = list_lines(app.screen.query_one("#records", RecordList))
        assert any("[bold]ACME[/] ␛[31m" in line for line in lines)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#f-city").value == "␛[2J"  # never the raw code
        assert str(app.screen.query_one("#record-title").render()) == "Account · [bold]ACME[/] ␛[31m"
        await pilot.press("ctrl+s")  # nothing was edited: nothing is saved, nothing is "cleaned"
        await settle(pilot)
        assert "Nothing to save" in notifications(app)
        assert Account.get_by_id(account.id).city == "\x1b[2J"
        await pilot.press("d", "y")
        await settle(pilot)
        notice = list(app._notifications)[-1]
        assert notice.message == "Deactivated [bold]ACME[/] ␛[31m" and notice.markup is False


async def test_help_lists_the_screen_keys(make_app, actor):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = str(app.screen.query_one("#help-keys").render())
        for expected in ("Find", "New", "Hierarchy", "States", "Quit", "Palette"):
            assert expected in text


async def test_quit_asks_first_when_a_form_has_unsaved_changes(make_app, actor):
    accounts.create(actor, {"name": "Unsaved"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#f-city").value = "Rome"
        await pilot.press("tab")  # leave the field: q is a command again
        app.screen.set_focus(app.screen.query_one("#summary"))
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, RecordScreen)
        await pilot.press("q", "y")
        await settle(pilot)
        assert not app.is_running


async def test_a_contact_opens_its_account_with_l(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        assert "Acme" in str(app.screen.query_one("#ref-parent_customer").render())
        await pilot.press("l")
        await settle(pilot)
        assert (app.screen.rt.key, app.screen.record_id) == ("account", acme.id)


async def test_ctrl_p_finds_an_account_by_name_and_opens_it(make_app, actor):
    accounts.create(actor, {"name": "Aardvark Ltd"})
    target = accounts.create(actor, {"name": "Wingtip Toys"})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick_from_palette(pilot, "wingt")
        assert isinstance(app.screen, RecordScreen)
        assert (app.screen.rt.key, app.screen.record_id) == ("account", target.id)


async def test_the_conflict_shows_what_they_changed_too_field_by_field(make_app, actor, other_user):
    account = accounts.create(actor, {"name": "Litware", "city": "Oslo", "phone": "+47 22 00 00 00"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # A colleague changes the phone and the name; I change the city.
        accounts.update(other_user, account.id, {"phone": "+47 99 99 99 99", "name": "Litware Nordic"}, 1)
        app.screen.query_one("#f-city").value = "Trondheim"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        rows = {row[0]: row[1:] for row in app.screen.rows}
        assert rows["City"] == ("Oslo", "Trondheim", "(not changed)")
        assert rows["Main phone" if "Main phone" in rows else "Phone"] == ("+47 22 00 00 00", "(not changed)",
                                                                           "+47 99 99 99 99")
        assert rows["Account name"] == ("Litware", "(not changed)", "Litware Nordic")
        assert "Litware Nordic" in str(app.screen.query_one("#conflict-table").render())


async def test_the_key_bar_follows_focus_to_a_link_field_and_back(make_app, actor):
    """The bar is redrawn only when its keys change: a move that changes them still shows."""
    from crm_tui.ui.widgets.form import RefField
    from crm_tui.ui.widgets.key_bar import KeyBar

    accounts.create(actor, {"name": "Acme Rockets"})
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        bar = lambda: app.screen.query_one(KeyBar).render_line(0).text  # noqa: E731 (the line as drawn)
        assert "Change" not in bar()
        app.screen.query(RefField).first().focus()
        await settle(pilot)
        assert "⏎ Change" in bar()
        app.screen.query_one("#summary").focus()
        await settle(pilot)
        assert "Change" not in bar() and "Save" in bar()
