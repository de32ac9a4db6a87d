"""The queues from the keyboard: u lists them with the chosen queue's items, the most urgent
first; p picks (assigned to me), r releases, t routes to another queue, n picks the next and
opens it, and a colleague's pick first is said, not doubled."""

from crm_tui.models import Case
from crm_tui.models.queue import QueueItem
from crm_tui.services import queues, teams
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.service.cases import cases
from crm_tui.ui.screens.queues_screen import ChooseQueueScreen, QueuesScreen
from crm_tui.ui.screens.record import RecordScreen

from .helpers import keys_at_once, list_lines, notifications, settle


async def test_pick_release_route_and_next_from_the_queue_screen(make_app, actor, other_user):
    acme = accounts.create(actor, {"name": "Acme"})
    made = {p: cases.create(other_user, {"title": f"{p} case", "customer": ("account", acme.id), "priority": p})
            for p in ("Low", "High", "Normal")}
    queues.create_queue("Desk")
    queues.create_queue("Second line")
    for case in made.values():
        queues.route(other_user, "case", case.id, "Desk")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "u")
        assert isinstance(app.screen, QueuesScreen)
        lines = list_lines(app.screen.items)
        assert [line.split()[1] for line in lines[1:4]] == ["High", "Normal", "Low"]
        await keys_at_once(pilot, "p")  # the High one: mine now
        high = QueueItem.get((QueueItem.record_id == made["High"].id))
        assert high.worked_by_id == actor.id and Case.get_by_id(made["High"].id).owner_id == actor.id
        await keys_at_once(pilot, "p")  # again: someone (me) has it already
        assert any("picked it first" in text for text in notifications(app))
        await keys_at_once(pilot, "r")
        assert QueueItem.get_by_id(high.id).worked_by_id is None
        await keys_at_once(pilot, "end", "t")  # the Low one to the second line
        assert isinstance(app.screen, ChooseQueueScreen)
        await keys_at_once(pilot, "enter")
        assert QueueItem.get(QueueItem.record_id == made["Low"].id).queue_id == queues.queue("Second line").id
        await keys_at_once(pilot, "n")  # the most urgent nobody has: High, opened
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == made["High"].id
        assert QueueItem.get_by_id(high.id).worked_by_id == actor.id


async def test_the_settings_list_users_and_their_teams(make_app, actor, other_user, private_settings):
    from crm_tui.ui.screens.settings_screen import SettingsScreen

    teams.create_team("Service [b]desk[/b]")
    teams.add_member("Service [b]desk[/b]", other_user.id)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "f2", "]", "]", "]", "]")
        assert isinstance(app.screen, SettingsScreen)
        people = app.screen.query_one("#people")
        lines = [str(people.get_option_at_index(n).prompt) for n in range(people.option_count)]
        assert any(other_user.display_name in line and "Service [b]desk[/b]" in line for line in lines)
        assert any(actor.display_name in line for line in lines)
