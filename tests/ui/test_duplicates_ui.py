"""Clean data from the keyboard: the duplicate warning on create and on save (open the other one,
save anyway, or back to the form with everything typed)."""

from crm_tui.models import Account, Contact
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.possible_duplicates import PossibleDuplicatesScreen
from crm_tui.ui.screens.record import RecordScreen

from .helpers import keys_at_once, settle


async def test_a_new_account_of_a_name_there_is_warned_then_saved_anyway(make_app, actor):
    there = accounts.create(actor, {"name": "Northwind Traders", "city": "Seattle"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "n", "northwind  TRADERS", "ctrl+s")
        assert isinstance(app.screen, PossibleDuplicatesScreen)
        shown = str(app.screen.query_one("#possible-list").get_option_at_index(0).prompt)
        assert "Northwind Traders" in shown and "Seattle" in shown and "Accounts with the same name" in shown
        assert Account.select().count() == 1  # nothing saved while it asks
        await keys_at_once(pilot, "escape")  # back to the form, as typed
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id is None
        assert app.screen.query_one("#f-name").value == "northwind  TRADERS"
        await keys_at_once(pilot, "ctrl+s", "ctrl+s")  # asked again; saved anyway
        assert Account.select().count() == 2
        made = Account.select().order_by(Account.id.desc()).first()
        assert made.name == "northwind  TRADERS" and app.screen.record_id == made.id


async def test_an_edit_that_makes_a_duplicate_is_warned_and_enter_opens_the_other(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "email": "ann@acme.example",
                                  "parent_customer": acme.id})
    other = contacts.create(actor, {"first_name": "Bo", "last_name": "Chen", "email": "bo@acme.example"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_record("contact", other.id)
        await settle(pilot)
        editing = app.screen
        editing.query_one("#f-job_title").focus()
        await keys_at_once(pilot, "Buyer", "ctrl+s")  # a field no rule compares: saved, no question
        assert Contact.get_by_id(other.id).job_title == "Buyer"
        editing.query_one("#f-email").focus()
        await keys_at_once(pilot, "end", "ctrl+u", "ANN@acme.example", "ctrl+s")
        assert isinstance(app.screen, PossibleDuplicatesScreen)
        await keys_at_once(pilot, "enter")  # opens Ann; the edit waits beneath
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == ann.id
        assert Contact.get_by_id(other.id).email == "bo@acme.example"
        await keys_at_once(pilot, "escape")
        assert app.screen is editing and editing.query_one("#f-email").value == "ANN@acme.example"
