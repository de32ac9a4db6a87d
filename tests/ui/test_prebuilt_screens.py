"""Record screens built ahead in idle time after start-up: the first open of each record type
shows the right record, with keys typed at once landing in it, like every later open."""

from __future__ import annotations

from crm_tui.models import Account
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.service.cases import cases
from crm_tui.ui.app import CrmApp
from crm_tui.ui.screens.record import RecordScreen
from tests.ui.helpers import key_events, keys_at_once, settle


async def test_screens_built_ahead_show_the_record_opened_and_take_keys_typed_at_once(actor, monkeypatch):
    from crm_tui.ui import app as app_module

    monkeypatch.setattr(app_module, "PREBUILD_AFTER", 0.01)
    monkeypatch.setattr(app_module, "PREBUILD_PAUSE", 0.01)
    from crm_tui.ui.screens import record as record_module

    sla_rereads = []
    monkeypatch.setattr(record_module, "LIVE_SECONDS", 0.1)
    monkeypatch.setattr(RecordScreen, "_refresh_sla", lambda screen: sla_rereads.append(screen.record_id))
    first = accounts.create(actor, {"name": "Alpha Ahead"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Ahead", "parent_customer": first.id})
    case = cases.create(actor, {"title": "Ahead of time", "customer": ("account", first.id)})
    from crm_tui.services import database

    database.close()
    app = CrmApp(actor, database_label="test", prebuild=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(400):
            if app.prebuilt:
                break
            await pilot.pause(0.05)
        assert app.prebuilt
        built = {key: kept.screen for key, kept in app._kept_screens.items() if key.startswith("record:")}
        assert len(built) == 14 and not any(screen in app.screen_stack for screen in built.values())
        await keys_at_once(pilot, "enter")
        assert isinstance(app.screen, RecordScreen) and app.screen is built["record:account:existing"]
        assert app.screen.detail.id == first.id and app.screen.query_one("#f-name").value == "Alpha Ahead"
        await keys_at_once(pilot, "escape", "n", "Beta Ahead", "ctrl+s")  # the new-account screen built ahead
        assert app.screen is built["record:account:new"] or app.screen.rt.key == "account"
        assert Account.select().where(Account.name == "Beta Ahead").exists()
        await keys_at_once(pilot, "escape", "2", "enter")
        assert app.screen is built["record:contact:existing"]
        assert app.screen.query_one("#f-last_name").value == "Ahead"
        # A case screen built ahead keeps its SLA times live, like one built when opened.
        await keys_at_once(pilot, "escape", "5", "enter")
        assert app.screen is built["record:case:existing"] and app.screen.detail.id == case.id
        await pilot.pause(0.4)
        assert case.id in sla_rereads


async def test_building_ahead_waits_for_a_pause_in_typing(actor, monkeypatch):
    """A step of building blocks keys for tens of ms: none starts while the user is typing."""
    from crm_tui.ui import app as app_module

    monkeypatch.setattr(app_module, "PREBUILD_AFTER", 0.01)
    monkeypatch.setattr(app_module, "PREBUILD_PAUSE", 0.01)
    monkeypatch.setattr(app_module, "QUIET_BEFORE_BUILD", 0.3)
    for n in range(30):
        accounts.create(actor, {"name": f"Typed Past {n:02}"})
    from crm_tui.services import database

    database.close()
    app = CrmApp(actor, database_label="test", prebuild=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(12):  # a key every 0.1 s for over a second, from the very start
            for event in key_events("down" if n % 2 else "up"):
                event.set_sender(app)
                app._driver.send_message(event)
            await pilot.pause(0.1)
            assert not any(key.startswith("record:") for key in app._kept_screens), f"built while typing ({n})"
        for _ in range(400):  # the pause: now they are built
            if app.prebuilt:
                break
            await pilot.pause(0.05)
        assert app.prebuilt


async def test_quitting_while_screens_are_built_ahead_ends_cleanly(actor, monkeypatch):
    """A build step that falls due as the app closes finds no screens: it must not fail then."""
    from crm_tui.ui import app as app_module

    monkeypatch.setattr(app_module, "PREBUILD_AFTER", 0.01)
    monkeypatch.setattr(app_module, "PREBUILD_PAUSE", 0.01)
    monkeypatch.setattr(app_module, "QUIET_BEFORE_BUILD", 0.0)
    from crm_tui.services import database

    database.close()
    for wait in (0.0, 0.02, 0.05, 0.1):
        app = CrmApp(actor, database_label="test", prebuild=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(wait)
        assert app.return_code in (None, 0) and app._exception is None, wait


async def test_a_record_screen_built_as_it_opens_says_what_it_is_until_its_record_comes(make_app, actor,
                                                                                       monkeypatch):
    """Opened before it was built ahead: the form shows at once, titled, and fills when read."""
    import threading

    from textual.widgets import Static

    from crm_tui.services import record_detail

    accounts.create(actor, {"name": "Slow Read Ltd"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        arrived = threading.Event()
        load = record_detail.load
        monkeypatch.setattr(record_detail, "load", lambda *args: arrived.wait(5) and load(*args))
        for event in key_events("enter"):
            event.set_sender(app)
            app._driver.send_message(event)
        for _ in range(100):
            if isinstance(app.screen, RecordScreen) and app.screen.is_mounted:
                break
            await pilot.pause(0.02)
        assert str(app.screen.query_one("#record-title", Static).render()) == "Account · …"
        arrived.set()
        await settle(pilot)
        assert "Slow Read Ltd" in str(app.screen.query_one("#record-title", Static).render())


async def test_a_tab_reported_active_after_it_was_taken_down_is_dropped():
    """What quitting while a record screen is built ahead can do (one run in five under load): its
    tabs report their first tab active after the tab is gone. The record panel's tabs drop it;
    Textual's own would fail the app on its way out."""
    from textual.app import App
    from textual.widgets import TabbedContent, TabPane, Tabs

    from crm_tui.ui.widgets.record_panel import PanelTabs

    for kind, fails in ((TabbedContent, True), (PanelTabs, False)):
        class Panel(App):
            def compose(self):
                with kind(id="panel-tabs"):
                    with TabPane("Timeline", id="tab-timeline"):
                        yield from ()
                    with TabPane("Contacts", id="tab-contacts"):
                        yield from ()

        app = Panel()
        try:
            async with app.run_test() as pilot:
                tabbed = app.query_one(kind)
                content_tabs = tabbed.query_one(Tabs)
                tab = content_tabs.query("#--content-tab-tab-timeline").first()
                await tab.remove()
                tabbed.post_message(Tabs.TabActivated(content_tabs, tab))
                await pilot.pause()
        except Exception as error:  # Textual's: the tab looked for among those left (ValueError, NoMatches)
            assert fails, (kind, error)
        else:
            assert not fails and app._exception is None, kind
