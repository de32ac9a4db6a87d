"""One declaration per action: remap every key of a screen in the settings, and its key bar, its
help, the help's sentences and the palette all say the new keys; the new keys run the actions."""

from __future__ import annotations

from textual.binding import Binding

from crm_tui.core import actions
from crm_tui.services import database, settings
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.sales.leads import leads
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.help import HelpScreen
from crm_tui.ui.screens.record import RecordScreen
from crm_tui.ui.screens.sales_dialogs import ReasonScreen
from crm_tui.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import settle

# Keys no action has by default, enough for every action a screen can offer at once.
SPARE_KEYS = (*(f"f{n}" for n in range(3, 25)), *(f"shift+f{n}" for n in range(1, 13)),
              *(f"ctrl+{c}" for c in "abdefgklnorstuvwxyz"))


def _remapped(*scopes: str) -> dict[str, str]:
    ids = [a.id for scope in scopes for a in actions.of(scope)]
    assert len(ids) <= len(SPARE_KEYS)
    return dict(zip(ids, SPARE_KEYS))


def _app(actor, keymap: dict[str, str], names: str = "") -> CrmApp:
    database.close()
    text = names + "[keys]\n" + "".join(f'"{binding_id}" = "{keys}"\n' for binding_id, keys in keymap.items())
    app = CrmApp(actor, database_label="test", settings=settings.parse(text))
    assert not app.settings.problems, app.settings.problems
    return app


def _shown(app, key: str) -> str:
    return app.get_key_display(Binding(key, ""))


async def _help_lines(pilot) -> tuple[dict[str, str], str]:
    """The help of the current screen: id -> its line, and the paragraphs under the keys."""
    await pilot.press(pilot.app.keys_remapped.get("app.help", "question_mark"))
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    lines = {}
    for keys, description, ids in pilot.app.screen.lines:
        for binding_id in ids.split(", "):
            lines[binding_id] = f"{keys} | {description}"
    return lines, pilot.app.screen.extra


def _check_screen(app, keymap: dict[str, str], help_lines: dict[str, str]) -> None:
    """Every key the screen offers is shown by its new key, under its declared label, and the old
    key is gone from the key bar."""
    bar = str(app.screen.query_one(KeyBar).render())
    offered = [(node, active.binding) for active in app.screen.active_bindings.values()
               for node in (active.node,) if active.enabled and active.binding.id in keymap]
    assert offered, "nothing offered: the screen was not what the test meant"
    for _node, binding in offered:
        declared = actions.BY_ID[binding.id]
        new = _shown(app, keymap[binding.id])
        assert binding.id in help_lines, binding.id
        keys = help_lines[binding.id].split(" | ")[0].split(" / ")
        assert new in keys, (binding.id, help_lines[binding.id])
        assert not {_shown(app, old) for old in declared.keys.split(",")} & set(keys), help_lines[binding.id]
        assert actions.label(binding.id) in help_lines[binding.id]
        if declared.footer:
            assert f"{new} {actions.label(binding.id)}" in bar, (binding.id, bar)
    for default in ("w Views", "n New", "a Log activity", "ctrl+s Save", "^s Save"):
        assert default not in bar


async def test_every_list_key_remapped_shows_and_runs_by_its_new_key(actor):
    accounts.create(actor, {"name": "Acme"})
    keymap = _remapped("app", "list", "rows")
    app = _app(actor, keymap)
    async with app.run_test(size=(250, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        help_lines, extra = await _help_lines(pilot)
        await pilot.press(keymap["help.close"] if "help.close" in keymap else "escape")
        await settle(pilot)
        assert app.screen is screen
        _check_screen(app, keymap, help_lines)
        # The help's sentences name the keys as they are now, not as they were.
        assert f"{_shown(app, keymap['app.search'])} searches every record" in extra
        assert f"{_shown(app, keymap['app.settings'])} the settings" in extra
        assert "ctrl+f searches" not in extra
        # The palette names each action by its declared label and its new key.
        commands = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert commands["Views"] == f"Key: {_shown(app, keymap['list.views'])}"
        await pilot.press("w")  # the old key does nothing now
        await settle(pilot)
        assert app.screen is screen
        await pilot.press(keymap["list.open"])  # the new enter opens the account
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen) and app.screen.detail.title == "Acme"


async def test_every_record_key_remapped_in_the_organisations_words(actor):
    account = accounts.create(actor, {"name": "Acme"})
    lead = leads.create(actor, {"topic": "Seats", "last_name": "Haddad"})
    keymap = _remapped("app", "record", "ref")
    names = '[names.contact]\nsingular = "Person"\nplural = "People"\n[names.case]\nsingular = "Ticket"\nplural = "Tickets"\n'
    app = _app(actor, keymap, names)
    async with app.run_test(size=(250, 40)) as pilot:
        await settle(pilot)
        app.open_record("account", account.id)
        await settle(pilot)
        help_lines, extra = await _help_lines(pilot)
        await pilot.press("escape")
        await settle(pilot)
        _check_screen(app, keymap, help_lines)
        bar = str(app.screen.query_one(KeyBar).render())
        assert f"{_shown(app, keymap['record.new_contact'])} Add person" in bar
        assert f"{_shown(app, keymap['record.new_case'])} New ticket" in bar
        assert f"{_shown(app, keymap['record.log'])} logs an activity" in extra
        assert f"{_shown(app, keymap['record.save'])} saves" in extra

        app.open_record("lead", lead.id)
        await settle(pilot)
        help_lines, _extra = await _help_lines(pilot)
        await pilot.press("escape")
        await settle(pilot)
        _check_screen(app, keymap, help_lines)
        assert "record.qualify" in help_lines and "record.reactivate" not in help_lines  # an open lead
        await pilot.press("D")  # the old key: nothing
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press(keymap["record.disqualify"])
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
