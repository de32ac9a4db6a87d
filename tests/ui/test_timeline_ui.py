"""The timeline from the keyboard: log, filter, complete, and My activities."""

import datetime as dt

from crm_tui.models import Activity
from crm_tui.services import activities
from crm_tui.services.activities import service_for
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.list_screen import ListScreen
from crm_tui.ui.screens.record import RecordScreen
from crm_tui.ui.widgets.timeline import Timeline

from .helpers import list_lines, settle, type_text


def _timeline_rows(app) -> list[str]:
    return [line for line in list_lines(app.screen.query_one(Timeline))[1:] if line.strip()]


async def _open_first_account(pilot):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RecordScreen)


async def test_log_a_phone_call_in_three_keys_and_see_it_on_top(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme", "phone": "+1 555 0100"})
    activities.log(actor, "note", ("account", acme.id), "An older note")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first_account(pilot)
        await pilot.press("a", "enter")  # log activity (a phone call to start with), save the ready subject
        await settle(pilot)
        call = Activity.get(Activity.kind == "phone_call")
        assert (call.subject, call.state, call.status_reason, call.phone_number) == (
            "Call with Acme", "completed", "Made", "+1 555 0100")
        rows = _timeline_rows(app)
        assert rows[0].startswith("☎ Call with Acme") and "Completed" in rows[0]
        assert app.focused is app.screen.query_one(Timeline)


async def test_log_a_task_with_a_due_date_and_a_note(make_app, actor):
    accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first_account(pilot)
        await pilot.press("a", "up")  # the kind before a phone call: a task
        await type_text(pilot, "Send the contract")
        await pilot.press("tab")
        await type_text(pilot, "tomorrow")
        await pilot.press("enter")
        await settle(pilot)
        task = Activity.get(Activity.kind == "task")
        assert task.subject == "Send the contract" and task.state == "open" and task.due_at is not None
        app.screen.query_one("#summary").focus()
        await pilot.press("a", "down", "down", "down", "enter")  # call -> email -> appointment -> note
        await settle(pilot)
        assert Activity.get(Activity.kind == "note").subject == "Note on Acme"


async def test_a_bad_due_date_is_explained_and_nothing_is_logged(make_app, actor):
    accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first_account(pilot)
        await pilot.press("a", "up", "tab")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        await settle(pilot)
        assert "Enter a date" in str(app.screen.query_one("#log-error").render())
        assert not Activity.select().where(Activity.kind == "task").exists()


async def test_filter_the_timeline_to_tasks(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    activities.log(actor, "task", ("account", acme.id), "The task")
    activities.log(actor, "phone_call", ("account", acme.id), "The call")
    activities.log(actor, "note", ("account", acme.id), "The note")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first_account(pilot)
        app.screen.query_one(Timeline).focus()
        await pilot.press("f")  # the filter dialog: kind first
        await settle(pilot)
        await pilot.press("enter")  # open the kind list
        await pilot.press("down", "enter")  # All kinds -> Tasks
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = _timeline_rows(app)
        assert len(rows) == 1 and "The task" in rows[0]
        assert "tasks" in str(app.screen.query_one("#panel-tabs").get_tab("tab-timeline").label)


async def test_complete_a_task_from_the_timeline(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    task = activities.log(actor, "task", ("account", acme.id), "Call back about pricing")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first_account(pilot)
        app.screen.query_one(Timeline).focus()
        await pilot.press("c")
        await settle(pilot)
        assert Activity.get_by_id(task.id).state == "completed"
        assert "Completed" in _timeline_rows(app)[0]
        await pilot.press("c")  # completing twice is refused, nothing changes
        await settle(pilot)
        assert Activity.get_by_id(task.id).version == 2


async def test_rollup_toggle_shows_and_hides_contacts_activities(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    activities.log(actor, "phone_call", ("contact", ann.id), "Talked to Ann")
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:  # wide enough for the Regarding column
        await _open_first_account(pilot)
        assert any("Talked to Ann" in row and "Ann Lee" in row for row in _timeline_rows(app))
        app.screen.query_one(Timeline).focus()
        await pilot.press("u")
        await settle(pilot)
        assert not any("Talked to Ann" in row for row in _timeline_rows(app))


async def test_open_an_activity_from_the_timeline_and_reopen_it(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    call = activities.log(actor, "phone_call", ("account", acme.id), "Quarterly call")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first_account(pilot)
        app.screen.query_one(Timeline).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert (app.screen.rt.key, app.screen.record_id) == ("phone_call", call.id)
        assert app.screen.query_one("#f-subject").disabled  # completed: read-only
        await pilot.press("r")
        await settle(pilot)
        assert Activity.get_by_id(call.id).state == "open"
        assert not app.screen.query_one("#f-subject").disabled
        await pilot.press("l")  # to the record it is about
        await settle(pilot)
        assert (app.screen.rt.key, app.screen.record_id) == ("account", acme.id)


async def test_my_activities_lists_overdue_first_and_jumps_to_the_record(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    now = dt.datetime.now()
    tasks = service_for("task")
    tasks.create(actor, {"subject": "Later", "regarding": ("account", acme.id),
                         "due_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%d %H:%M")})
    tasks.create(actor, {"subject": "Overdue", "regarding": ("contact", ann.id),
                         "due_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        rows = [line for line in list_lines(app.screen.query_one("#records"))[1:] if line.strip()]
        assert rows[0].startswith("Overdue") and "Ann Lee" in rows[0] and "Later" in rows[1]
        await pilot.press("g")
        await settle(pilot)
        assert (app.screen.rt.key, app.screen.record_id) == ("contact", ann.id)
