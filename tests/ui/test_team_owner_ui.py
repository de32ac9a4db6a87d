"""Giving a record to a team from the app: o's picker offers teams after people, typed at full
speed; the save writes the team's owner row, and the form names the team."""

from crm_tui.models import Account
from crm_tui.services import teams
from crm_tui.services.customers.accounts import accounts
from crm_tui.ui.screens.record import RecordScreen

from .helpers import keys_at_once, settle


async def test_o_gives_the_record_to_a_team_typed_at_once(make_app, actor, other_user):
    desk = teams.create_team("Service [b]desk[/b]")  # a name that is markup stays text
    acme = accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_record("account", acme.id)
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        app.screen.query_one("#summary").focus()
        await keys_at_once(pilot, "o", *"service", "enter", "ctrl+s")
        await settle(pilot)
        assert Account.get_by_id(acme.id).owner_id == desk.principal_id
        assert "Service [b]desk[/b]" in str(app.screen.query_one("#ref-owner").render())
