"""The organisation's names, remapped keys and the theme, as a user meets them."""

from __future__ import annotations

from crm_tui.services import database, settings
from crm_tui.services.customers.accounts import accounts
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.help import HelpScreen
from crm_tui.ui.screens.settings_screen import SettingsScreen
from crm_tui.ui.screens.views_menu import ViewsScreen
from crm_tui.ui.widgets.key_bar import KeyBar
from crm_tui.ui.widgets.sidebar import Sidebar
from tests.ui.helpers import notifications, settle, type_text

NAMES = """
[names.account]
singular = "Company"
plural = "Companies"
[names.contact]
singular = "Person"
plural = "People"
[labels.account]
city = "Town"
[keys]
"list.views" = "V"
"""


def _app_with(actor, text: str) -> CrmApp:
    database.close()
    return CrmApp(actor, database_label="test", settings=settings.parse(text))


def _title(app) -> str:
    return str(app.screen.query_one("#list-title").render())


def _footer(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_renamed_record_types_show_in_titles_columns_palette_help_and_errors(actor):
    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo"})
    accounts.create(actor, {"name": "Acme Sub", "parent": acme.id})
    app = _app_with(actor, NAMES)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert _title(app).startswith("Active Companies · 2")
        assert "1 Companies" in "\n".join(app.screen.query_one(Sidebar).lines())
        header = str(app.screen.records.render_line(0).text)
        assert "Town" in header and "City" not in header
        await pilot.press("ctrl+p")
        await type_text(pilot, "new comp")
        await pilot.pause(0.3)
        palette_text = " ".join(str(o.prompt) for o in app.screen.query_one("CommandList")._options)
        assert "New company" in palette_text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "list.views" in str(app.screen.query_one("#help-keys").render())
        assert "Keys — Companies" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await pilot.press("enter")  # a company's screen: its keys speak of people
        await settle(pilot)
        assert "Add person" in _footer(app)
        await pilot.press("escape")
        await settle(pilot)
        await settle(pilot)
        await pilot.press("t")  # Acme's hierarchy: moving it under its own sub-company is refused, in the new words
        await settle(pilot)
        assert app.screen.title == "Company hierarchy"
        await pilot.press("m")
        await type_text(pilot, "acme s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("That company is below this one" in n for n in notifications(app))


async def test_a_remapped_key_works_and_the_footer_shows_it(actor):
    app = _app_with(actor, NAMES)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert "V Views" in _footer(app) and "w Views" not in _footer(app)
        await pilot.press("w")
        await settle(pilot)
        assert not isinstance(app.screen, ViewsScreen)  # the old key no longer opens it
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)


async def test_the_settings_screen_renames_and_remaps_and_saves_the_file(actor, private_settings):
    app = _app_with(actor, "")
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("down", "enter", "ctrl+u")  # Contact
        await type_text(pilot, "Person / People")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")  # the Keys tab
        await settle(pilot)
        keys = app.screen.query_one("#keys")
        ids = [keys.get_option_at_index(i).id for i in range(keys.option_count)]
        keys.highlighted = ids.index("list.new")
        await pilot.press("enter")
        await type_text(pilot, "N")
        await pilot.press("enter")
        await settle(pilot)
        saved = settings.load(private_settings)
        assert saved.names == {"contact": ("Person", "People")} and saved.keys == {"list.new": "N"}
        await pilot.press("escape")
        await settle(pilot)
        assert "2 People" in "\n".join(app.screen.query_one(Sidebar).lines())
        assert "N New" in _footer(app)
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Go to People" in str(app.screen.query_one("#help-keys").render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert _title(app).startswith("Active People")


async def test_a_theme_picked_is_remembered_and_a_bad_one_reported(actor, private_settings):
    app = _app_with(actor, 'theme = "no-such-theme"')
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert any("no theme called 'no-such-theme'" in n for n in notifications(app))
        app.theme = "nord"  # as the palette's "Change theme" or the settings screen does
        await settle(pilot)
        assert settings.load(private_settings).theme == "nord"
    settings.Settings().apply_names()


async def test_every_problem_of_a_settings_file_is_reported_and_a_bad_key_never_disables_a_binding(actor):
    app = _app_with(actor, """
colour = "red"
[names.account]
singluar = "Company"
[keys]
"app.search" = "ctrl+nonsense"
"list.nothing" = "z"
"list.views" = "V"
"list.new" = "hyper+x+"
""")
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        (shown,) = notifications(app)
        for words in ("colour: not a setting", "names.account.singluar", "keys.app.search", "'nonsense'",
                      "keys.list.nothing: no such key binding", "keys.list.new"):
            assert words in shown, shown
        assert [n.title for n in app._notifications][0].startswith("5 problems in")
        assert "V Views" in _footer(app)  # the good one still applies
        await pilot.press("ctrl+f")  # search everywhere keeps its own key
        await settle(pilot)
        from crm_tui.ui.screens.global_search import GlobalSearchScreen

        assert isinstance(app.screen, GlobalSearchScreen)


async def test_every_word_that_names_a_record_type_follows_the_names_default_labels_too(actor):
    from crm_tui.services.customers.contacts import contacts

    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo"})
    accounts.create(actor, {"name": "Acme Sub", "parent": acme.id})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    app = _app_with(actor, NAMES)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Acme
        await settle(pilot)
        screen = app.screen
        labels = [str(label.render()) for label in screen.query(".field-label")]
        links = [str(link.render()) for link in screen.query(".ref-field")]
        assert "Company name *" in labels and "Town" in labels  # a label the organisation set stays theirs
        assert any(link.startswith("Parent company ") for link in links)
        assert any(link.startswith("Primary person ") for link in links)
        labels += [link.split("  ")[0] for link in links]
        assert not [label for label in labels if "ccount" in label or "ontact" in label]
        tab_labels = " ".join(str(tab.label) for tab in screen.query("Tab"))
        assert "+people" in tab_labels and "Sub-companies" in tab_labels and "contacts" not in tab_labels
        await pilot.press("x")  # delete: refused, in the organisation's words
        await settle(pilot)
        said = " ".join(notifications(app))
        assert "has 1 person and 1 sub-company" in said, said
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert str(app.screen.query_one("#tree-title").render()).startswith("Company hierarchy")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")  # People: the column of their company
        await settle(pilot)
        header = str(app.screen.records.render_line(0).text)
        assert "Company" in header and "Account" not in header


def test_in_our_words_keeps_case_plurals_and_other_words():
    from crm_tui.core import record_type as record_types

    record_types.set_names({"account": ("Company", "Companies"), "sla": ("Promise", "Promises")}, {})
    try:
        assert record_types.in_our_words("Parent account") == "Parent company"
        assert record_types.in_our_words("Accounts and accountants") == "Companies and accountants"
        assert record_types.in_our_words("SLA met") == "Promise met"
        assert record_types.in_our_words("Contact") == "Contact"
    finally:
        record_types.set_names({}, {})


async def test_the_palette_says_an_opportunity_and_slas(make_app, actor):
    from crm_tui.core import record_type as record_types

    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        commands = [(command.title, command.help) for command in app.get_system_commands(app.screen)]
        helps = dict(reversed(commands))  # the first of a title
        assert helps["New opportunity"] == "Create an opportunity" and helps["New case"] == "Create a case"
        assert helps["New SLA"] == "Create an SLA" and ("Go to SLAs", "Show SLAs") in commands
        assert record_types.with_article("KPI") == "a KPI" and record_types.with_article("entitlement") == "an entitlement"
