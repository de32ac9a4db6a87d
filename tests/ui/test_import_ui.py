"""Importing from the list, typed as fast as a terminal delivers keys: the file's path, the mapping
step, a dry run that writes nothing, the import, and what the database then holds."""

from __future__ import annotations

import csv

from crm_tui.models import Account, Contact
from crm_tui.ui.screens.import_dialog import ImportScreen
from crm_tui.ui.screens.list_screen import ListScreen
from crm_tui.ui.widgets.record_list import RecordList

from .helpers import keys_at_once, list_lines, notifications, settle

PEOPLE = [["Ada", "Lovelace", "Engines", "ada@engines.example"],
          ["Bob", "Byte", "Engines", "bob@engines.example"],
          ["Bad", "Email", "", "not-an-email"]]


def _people(path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["First Name", "Apellido", "Company", "E-mail Address"])
        writer.writerows(PEOPLE)


async def _settled_a_while(pilot) -> None:
    for _ in range(20):  # the import runs in a worker: its result arrives on a later frame
        await settle(pilot)
        if not app_running(pilot):
            return


def app_running(pilot) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, ImportScreen) and screen.running


async def test_a_file_is_mapped_tried_and_imported_from_the_keyboard(make_app, actor, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the prompt offers the folder the app was started in
    _people(tmp_path / "people.csv")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # every key at once: the list, the import key, the file's name, enter, then the dry run
        await keys_at_once(pilot, "2", "I", "people.csv", "enter", "ctrl+d")
        await _settled_a_while(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen), notifications(app)
        # "Apellido" is no header the tools write: nothing fills Last name, and the dry run says so
        assert "no column fills Last name" in str(screen.query_one("#result").render())
        surname = screen.query_one("#column-1")
        assert surname.value == ""
        surname.value = "last_name"
        await keys_at_once(pilot, "ctrl+d")
        await _settled_a_while(pilot)
        shown = str(screen.query_one("#result").render())
        assert "Dry run" in shown and "2 created" in shown and "1 refused" in shown
        assert Contact.select().count() == 0 and Account.select().count() == 0  # nothing written
        await keys_at_once(pilot, "ctrl+s")
        await _settled_a_while(pilot)
        shown = str(screen.query_one("#result").render())
        assert "Done" in shown and "2 created" in shown and "line 4" in shown
        assert (tmp_path / "people.refused.csv").exists()
        await keys_at_once(pilot, "escape")
        assert isinstance(app.screen, ListScreen)
        lines = list_lines(app.screen.query_one(RecordList))
        assert any("Lovelace" in line for line in lines)  # the list shows what came in
    ada = Contact.get(Contact.email == "ada@engines.example")
    assert (ada.first_name, ada.last_name) == ("Ada", "Lovelace")
    assert Account.get_by_id(ada.parent_customer_id).name == "Engines"
    assert Contact.select().count() == 2


async def test_a_file_that_is_not_there_is_said_and_nothing_opens(make_app, actor, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "2", "I", "missing.csv", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert any("does not exist" in text for text in notifications(app))
