"""Views from the list screen, by keys: a system view, then a personal view made, used,
renamed and deleted."""

from __future__ import annotations

from crm_tui.models import SavedView
from crm_tui.services.customers.accounts import accounts
from crm_tui.ui.screens.view_editor import ViewEditorScreen
from crm_tui.ui.screens.views_menu import ViewsScreen
from tests.ui.helpers import list_lines, settle, type_text


def _title(app) -> str:
    return str(app.screen.query_one("#list-title").render())


async def test_system_views_from_the_views_key(make_app, actor, other_user):
    accounts.create(actor, {"name": "Mine"})
    accounts.create(other_user, {"name": "Theirs"})
    app = make_app()
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert _title(app).startswith("Active Accounts · 2")
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        await pilot.press("down", "enter")  # the second system view: My Active Accounts
        await settle(pilot)
        assert _title(app).startswith("My Active Accounts · 1")
        assert "Mine" in list_lines(app.screen.records)[1]


async def test_make_use_rename_and_delete_a_personal_view(make_app, actor):
    for name, city, revenue in (("Fjord Fish", "Oslo", "900"), ("Oslo Oil", "Oslo", "5000"),
                                ("Bergen Boats", "Bergen", "100")):
        accounts.create(actor, {"name": name, "city": city, "annual_revenue": revenue})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w", "n")
        await settle(pilot)
        assert isinstance(app.screen, ViewEditorScreen)
        await type_text(pilot, "Oslo by revenue")
        await pilot.press("tab", "enter")  # the first condition's field: open its choices
        await type_text(pilot, "city")  # type to jump to City
        await pilot.press("enter", "tab", "tab")  # past "equals", into the value
        await type_text(pilot, "oslo")
        await pilot.press(*["tab"] * 10)  # past the three empty conditions, to Sort by
        assert app.screen.focused.id == "view-sort"
        await pilot.press("enter")
        await type_text(pilot, "annual")
        await pilot.press("enter", "tab", "enter", "down", "enter")  # Z to A, high to low
        await pilot.press("tab", "shift+down")  # the columns: the name moves after the city
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _title(app).startswith("Oslo by revenue · 2")
        rows = list_lines(app.screen.records)
        assert rows[0].split()[:3] == ["City", "Account", "name"]
        assert rows[1].split()[:3] == ["Oslo", "Oslo", "Oil"] and rows[2].split()[:3] == ["Oslo", "Fjord", "Fish"]
        assert SavedView.get().name == "Oslo by revenue"

        await pilot.press("w")
        await settle(pilot)
        options = app.screen.query_one("#views-list")
        assert str(options.get_option_at_index(options.highlighted).prompt).strip() == "Oslo by revenue"
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Norway big")
        await pilot.press("enter")
        await settle(pilot)
        assert SavedView.get().name == "Norway big"
        await pilot.press("d", "y")
        await settle(pilot)
        assert SavedView.select().count() == 0
        await pilot.press("escape")
        await settle(pilot)


async def test_a_view_made_from_active_accounts_keeps_only_active_ones(make_app, actor):
    from tests.ui.helpers import keys_at_once

    accounts.create(actor, {"name": "Alive and Well"})
    gone = accounts.create(actor, {"name": "Gone Quiet"})
    accounts.deactivate(actor, gone.id)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _title(app).startswith("Active Accounts · 1")
        await keys_at_once(pilot, "w", "n")
        assert isinstance(app.screen, ViewEditorScreen)
        await keys_at_once(pilot, "Active by me", "ctrl+s")
        assert _title(app).startswith("Active by me · 1"), _title(app)
        assert not any("Gone Quiet" in line for line in list_lines(app.screen.records))


async def test_up_at_the_top_of_the_views_list_stays_at_the_top(make_app, actor):
    from tests.ui.helpers import keys_at_once

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "w")
        options = app.screen.query_one("#views-list")
        first = options.highlighted
        await keys_at_once(pilot, "up")
        assert options.highlighted == first
        await keys_at_once(pilot, *["down"] * 30)
        last = options.highlighted
        await keys_at_once(pilot, "down")
        assert options.highlighted == last


async def test_the_list_as_shown_exported_by_its_key(make_app, actor, tmp_path):
    """E, a file name typed over the one offered, enter: keys sent at once, as a terminal sends
    them. The file holds the list as it is narrowed on screen (mine, and what find has typed)."""
    import csv

    from tests.ui.helpers import keys_at_once, notifications

    for name in ("Acme", "Acme West", "Bravo"):
        accounts.create(actor, {"name": name})
    app = make_app()
    target = tmp_path / "acme.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "/", "acm", "enter")
        assert _title(app).startswith("Active Accounts · 2")
        await keys_at_once(pilot, "E", "ctrl+u", str(target), "enter")
        rows = list(csv.reader(target.open()))
        assert [r[1] for r in rows] == ["Account name", "Acme", "Acme West"]
        assert any(f"Exported 2 rows of “Active Accounts” to {target}" in n for n in notifications(app))
        await keys_at_once(pilot, "E", "ctrl+u", str(tmp_path / "nowhere" / "x.csv"), "enter")
        assert any("does not exist" in n for n in notifications(app))
        from crm_tui.ui.screens.list_screen import ListScreen

        assert isinstance(app.screen, ListScreen) and _title(app).startswith("Active Accounts · 2")
