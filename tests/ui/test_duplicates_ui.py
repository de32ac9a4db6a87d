"""Clean data from the keyboard: the duplicate warning on create and on save (open the other one,
save anyway, or back to the form with everything typed)."""

from crm_tui.models import Account, Contact
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.possible_duplicates import PossibleDuplicatesScreen
from crm_tui.ui.screens.record import RecordScreen

from .helpers import keys_at_once, settle


async def test_a_new_account_of_a_name_there_is_warned_then_saved_anyway(make_app, actor):
    accounts.create(actor, {"name": "Northwind Traders", "city": "Seattle"})
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


async def test_marked_rows_are_changed_at_once_after_saying_how_many(make_app, actor):
    from crm_tui.ui.screens.bulk_dialog import BulkScreen
    from crm_tui.ui.screens.dialogs import ConfirmScreen

    from .helpers import list_lines

    made = [accounts.create(actor, {"name": f"Acct {n:02}", "city": "Oslo"}) for n in range(12)]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        records = app.screen.records
        # space marks and moves on; shift+down marks a range; typed at once, as a terminal sends them
        await keys_at_once(pilot, " ", "down", " ", "shift+down", "shift+down")
        assert records.marked == [made[0].id, made[2].id, made[3].id, made[4].id, made[5].id]
        assert "5 marked" in str(app.screen.query_one("#list-title").render())
        lines = list_lines(records)
        assert lines[0].startswith("  Account name") and lines[1].startswith("✓ Acct 00") and lines[2].startswith("  Acct 01")
        await keys_at_once(pilot, "b")
        assert isinstance(app.screen, BulkScreen)
        app.screen.query_one("#field").value = "city"
        app.screen.query_one("#value").value = "Bergen"
        await keys_at_once(pilot, "ctrl+n")  # and another field with it
        app.screen.query_one("#field").value = "industry"
        app.screen.query_one("#value").value = "Consulting"
        await keys_at_once(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen) and "5 accounts" in app.screen.question
        assert "City to “Bergen”, Industry to “Consulting”" in app.screen.question
        await keys_at_once(pilot, "y")
        assert "5 changed" in str(app.screen.query_one("#result").render())
        await keys_at_once(pilot, "escape")
        assert {a.name for a in Account.select().where((Account.city == "Bergen") & (Account.industry == "Consulting"))
                } == {"Acct 00", "Acct 02", "Acct 03", "Acct 04", "Acct 05"}
        assert records.marked_count == 0  # done: the marks go
        # every row of the list, one taken out, deactivated
        await keys_at_once(pilot, "ctrl+a", "home", " ", "b")
        assert app.screen.count == 11
        app.screen.query_one("#operation").value = "deactivate"
        await keys_at_once(pilot, "ctrl+s", "y")
        await keys_at_once(pilot, "escape")
        assert Account.select().where(Account.state == "active").count() == 1


async def test_duplicates_found_across_a_type_are_merged_side_by_side(make_app, actor):
    from crm_tui.models import Opportunity
    from crm_tui.services.sales.opportunities import opportunities
    from crm_tui.ui.screens.dialogs import ConfirmScreen
    from crm_tui.ui.screens.duplicate_groups import DuplicateGroupsScreen
    from crm_tui.ui.screens.merge_dialog import MergeScreen

    keep = accounts.create(actor, {"name": "Aurora Traders", "city": "Oslo", "phone": "+47 22 00 00 00"})
    dupe = accounts.create(actor, {"name": "aurora  TRADERS", "city": "Bergen"})
    deal = opportunities.create(actor, {"topic": "Ships", "customer": ("account", dupe.id)})
    accounts.create(actor, {"name": "Beacon"})
    accounts.create(actor, {"name": "beacon"})
    accounts.create(actor, {"name": "BEACON"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "F")  # the largest group first: the three Beacons
        assert isinstance(app.screen, DuplicateGroupsScreen)
        groups = app.screen.query_one("#groups")
        assert "3 accounts" in str(groups.get_option_at_index(0).prompt)
        # to the Aurora group, open it, past the name and phone (they differ too) to City, take Bergen, merge
        await keys_at_once(pilot, "down", "enter", "down", "down", "right", "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen) and "into Aurora Traders" in app.screen.question
        await keys_at_once(pilot, "y")
        assert isinstance(app.screen, DuplicateGroupsScreen) and app.screen.query_one("#groups").option_count == 1
        merged, kept = Account.get_by_id(dupe.id), Account.get_by_id(keep.id)
        assert (merged.state, merged.merged_into_id) == ("inactive", keep.id)
        assert (kept.city, kept.phone, kept.name) == ("Bergen", "+47 22 00 00 00", "Aurora Traders")
        assert Opportunity.get_by_id(deal.id).customer_account_id == keep.id
        # the master changed with m: the Beacon typed last survives
        await keys_at_once(pilot, "enter", "right", "right", "m")
        assert isinstance(app.screen, MergeScreen) and app.screen.found[app.screen.master].title == "BEACON"
        await keys_at_once(pilot, "ctrl+s", "y")
        assert Account.select().where((Account.state == "active") & (Account.name == "BEACON")).count() == 1
        assert Account.select().where(Account.sort_name == "beacon", Account.state == "active").count() == 1


async def test_rules_are_made_switched_and_removed_in_the_settings_and_a_save_meets_them(make_app, actor,
                                                                                         private_settings):
    from crm_tui.models.duplicate_rule import DuplicateRule
    from crm_tui.ui.screens.dialogs import ConfirmScreen
    from crm_tui.ui.screens.rule_editor import RuleEditorScreen
    from crm_tui.ui.screens.settings_screen import SettingsScreen

    accounts.create(actor, {"name": "Contoso", "website": "https://contoso.example"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "f2", "]", "]", "]")
        assert isinstance(app.screen, SettingsScreen) and app.screen.query_one("#rules").option_count == 6
        # a bad condition is refused in the dialog, then mended and saved
        await keys_at_once(pilot, "n", "Same website", "tab", "tab", "tab", "web:first 12", "ctrl+s")
        assert isinstance(app.screen, RuleEditorScreen)
        assert "not a field of accounts" in str(app.screen.query_one("#rule-error").render())
        await keys_at_once(pilot, "ctrl+u", "website:first 20", "ctrl+s")
        assert isinstance(app.screen, SettingsScreen) and app.screen.query_one("#rules").option_count == 7
        rule = DuplicateRule.get(DuplicateRule.name == "Same website")
        assert (rule.record_type, rule.conditions, rule.active) == ("account", "website:first 20", True)
        # the first rule (account names) out of force with space: a same-named account is no longer questioned
        await keys_at_once(pilot, "home", " ")
        assert not DuplicateRule.get(DuplicateRule.name == "Accounts with the same name").active
        await keys_at_once(pilot, "escape", "n", "Contoso", "ctrl+s")
        assert Account.select().where(Account.name == "Contoso").count() == 2
        # the website rule still speaks
        await keys_at_once(pilot, "escape", "n", "Other name", "tab", "tab", "tab", "tab",
                           "https://contoso.example/about", "ctrl+s")
        assert isinstance(app.screen, PossibleDuplicatesScreen)
        await keys_at_once(pilot, "escape", "escape", "escape", "f2", "]", "]",
                           "]", "end", "delete")
        assert isinstance(app.screen, ConfirmScreen)
        await keys_at_once(pilot, "y")
        assert not DuplicateRule.select().where(DuplicateRule.name == "Same website").exists()


async def test_marked_rows_are_assigned_to_another_owner(make_app, actor, other_user):
    from crm_tui.ui.screens.bulk_dialog import BulkScreen

    made = [accounts.create(actor, {"name": f"Own {n}"}) for n in range(3)]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, " ", " ", "b")
        assert isinstance(app.screen, BulkScreen)
        app.screen.query_one("#operation").value = "owner"
        await keys_at_once(pilot, "ctrl+s")  # nobody chosen yet: said, nothing asked
        assert "Choose the owner first" in str(app.screen.query_one("#result").render())
        await settle(pilot)
        app.screen.query_one("#owner").value = other_user.id
        await keys_at_once(pilot, "ctrl+s", "y")
        assert "2 changed" in str(app.screen.query_one("#result").render())
        owners = {a.name: a.owner_id for a in Account.select()}
        assert owners == {"Own 0": other_user.id, "Own 1": other_user.id, "Own 2": actor.id}
        assert made
