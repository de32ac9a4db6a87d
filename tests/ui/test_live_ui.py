"""A colleague's change seen without asking: another process saves the record open here; the
screen shows it within a couple of seconds, and an edit in progress is kept, with a warning."""

import subprocess
import sys

from crm_tui.services.customers.accounts import accounts
from crm_tui.ui import app as app_module
from crm_tui.ui.screens.record import RecordScreen
from tests.run_cli import ROOT

from .helpers import notifications, settle

COLLEAGUE = ("import sys\nfrom crm_tui.services import database, users\nfrom crm_tui.services.customers.accounts "
             "import accounts\ndatabase.open_database(sys.argv[1])\nme = users.ensure_user('colleague', 'Cole League')\n"
             "a = accounts.get(int(sys.argv[2]))\naccounts.update(me, a.id, {sys.argv[3]: sys.argv[4]}, a.version)\n")


def _colleague(db: str, record_id: int, field: str, value: str) -> None:
    done = subprocess.run([sys.executable, "-c", COLLEAGUE, db, str(record_id), field, value], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


async def _until(pilot, test, seconds: float = 4.0) -> bool:
    for _ in range(int(seconds / 0.1)):
        await pilot.pause(0.1)
        if test():
            return True
    return False


async def test_a_colleagues_save_shows_and_an_edit_in_progress_is_kept(make_app, actor, db_url, monkeypatch):
    monkeypatch.setattr(app_module, "LIVE_EVERY", 0.2)
    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo", "phone": "+47 1"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_record("account", acme.id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen) and screen.query_one("#f-city").value == "Oslo"
        _colleague(db_url, acme.id, "city", "Bergen")
        assert await _until(pilot, lambda: screen.query_one("#f-city").value == "Bergen")
        assert any("Cole League changed this account" in text for text in notifications(app))
        screen.query_one("#f-phone").value = "+47 2 typed here"  # an edit in progress
        _colleague(db_url, acme.id, "city", "Rome")
        assert await _until(pilot, lambda: any("your edit is kept" in t for t in notifications(app)))
        assert screen.query_one("#f-phone").value == "+47 2 typed here" and screen.query_one("#f-city").value == "Bergen"


ADD_ACCOUNT = ("import sys\nfrom crm_tui.services import database, users\nfrom crm_tui.services.customers.accounts "
               "import accounts\ndatabase.open_database(sys.argv[1])\nme = users.ensure_user('colleague', 'Cole League')\n"
               "accounts.create(me, {'name': sys.argv[2]})\n")


async def test_a_list_shows_a_colleagues_new_row_and_says_updated_but_not_for_writes_that_change_nothing_there(
        make_app, actor, db_url, monkeypatch):
    from textual.widgets import Static

    from crm_tui.ui.screens.list_screen import ListScreen

    from .helpers import list_lines

    monkeypatch.setattr(app_module, "LIVE_EVERY", 0.2)
    alpha = accounts.create(actor, {"name": "Alpha Works"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = lambda: str(app.screen.query_one("#list-title", Static).render())  # noqa: E731
        seen = app._watch.seen
        app.note_opened("account", alpha.id)  # a write the watch sees (the recent list) but not one of these rows
        assert await _until(pilot, lambda: app._watch.seen != seen)
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, ListScreen) and title() == "Active Accounts · 1"
        done = subprocess.run([sys.executable, "-c", ADD_ACCOUNT, db_url, "Beta Freight"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert await _until(pilot, lambda: "Active Accounts · 2 · updated " in title())
        assert any("Beta Freight" in line for line in list_lines(app.screen.records))


async def test_a_server_slow_to_answer_the_look_never_holds_the_keys(make_app, actor, monkeypatch):
    """On PostgreSQL a look is a round trip: it runs in a thread, one at a time, and keys typed
    meanwhile land at once."""
    import threading

    from crm_tui.services import live

    from .helpers import key_events

    answer = threading.Event()
    looks = []

    class SlowServer:
        def changed(self) -> bool:
            looks.append(threading.current_thread() is threading.main_thread())
            return answer.wait(10)

    monkeypatch.setattr(app_module, "LIVE_EVERY", 0.05)
    monkeypatch.setattr(live, "looks_locally", lambda: False)
    monkeypatch.setattr(live, "watch", lambda: SlowServer())
    accounts.create(actor, {"name": "Alpha Works"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # no settle here: it waits for every worker, the look waiting on the server too
        assert await _until(pilot, lambda: looks)  # the first look made the watch; the next waits on the server
        for event in key_events("enter"):  # sent as the terminal does (settle would wait for the look)
            event.set_sender(app)
            app._driver.send_message(event)
        assert await _until(pilot, lambda: isinstance(app.screen, RecordScreen))
        assert not answer.is_set() and looks == [False]  # one look, in a thread, none piled up behind it
        answer.set()
        assert await _until(pilot, lambda: len(looks) > 1)
        answer.clear()  # the looks go on: each answers once the server does
        answer.set()
