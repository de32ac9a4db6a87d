"""My day from the keyboard: F3 shows the user's sections; enter opens an entry."""

from crm_tui.services import activities
from crm_tui.services.customers.accounts import accounts
from crm_tui.ui.screens.my_day import MyDayScreen
from crm_tui.ui.screens.record import RecordScreen

from .helpers import keys_at_once, settle


async def test_f3_shows_my_day_and_enter_opens_what_is_due(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme [b]x[/b]"})
    task = activities.log(actor, "task", ("account", acme.id), "Ring [i]them[/i]", due_at="+1m")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "f3", "enter")  # typed at once: the day is read, then enter opens its first
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == task.id
        await keys_at_once(pilot, "escape")
        assert isinstance(app.screen, MyDayScreen)
        options = app.screen.query_one("#day")
        shown = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        assert shown[0] == "Overdue and today (1)" and "Ring [i]them[/i]" in shown[1] and "Acme [b]x[/b]" in shown[1]
        assert any(line.startswith("Recent") for line in shown)


async def test_my_day_as_the_first_screen_when_the_settings_say_so(actor, private_settings):
    from crm_tui.services import settings
    from crm_tui.ui.app import CrmApp

    private_settings.write_text('start = "my_day"\n')
    app = CrmApp(actor, database_label="test", settings=settings.load(private_settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MyDayScreen)
        await keys_at_once(pilot, "escape")  # the list beneath
        assert not isinstance(app.screen, MyDayScreen)
    assert settings.parse('start = "somewhere"\n').problems == ["start: one of list, my_day"]
    assert 'start = "my_day"' in settings.to_toml(settings.parse('start = "my_day"\n'))
