"""The database away for a while: the list says so in words, keeps trying, and comes back by
itself; a save that cannot reach it keeps the edit and says why."""

from __future__ import annotations

import peewee

from crm_tui.services import listing
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import DatabaseTrouble
from crm_tui.ui.widgets import record_list
from crm_tui.ui.widgets.record_list import RecordList
from tests.ui.helpers import keys_at_once, list_lines, notifications, settle

GONE = peewee.OperationalError("server closed the connection unexpectedly\n\tThis probably means the server "
                               "terminated abnormally")


async def test_a_list_that_cannot_be_read_says_why_and_comes_back_by_itself(make_app, actor, monkeypatch):
    accounts.create(actor, {"name": "Still Here Ltd"})
    monkeypatch.setattr(record_list, "RETRY_SECONDS", 0.2)
    real_count, failures = listing.count, []

    def count(query):
        if len(failures) < 3:
            failures.append(query)
            raise GONE
        return real_count(query)

    monkeypatch.setattr(listing, "count", count)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = "\n".join(list_lines(app.screen.query_one(RecordList)))
        assert "Could not read this list: The database server cannot be reached" in shown
        assert "server closed" not in shown
        for _ in range(40):
            await pilot.pause(0.1)
            if "Still Here Ltd" in "\n".join(list_lines(app.screen.query_one(RecordList))):
                break
        assert len(failures) == 3
        assert "Still Here Ltd" in "\n".join(list_lines(app.screen.query_one(RecordList)))
        assert app.screen.query_one(RecordList).trouble is None


async def test_a_save_that_cannot_reach_the_database_keeps_the_edit_and_says_why(make_app, actor, monkeypatch):
    from crm_tui.services import record_detail

    account = accounts.create(actor, {"name": "Unsaved Edits GmbH"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")

        def unreachable(*args):
            raise GONE

        monkeypatch.setattr(record_detail, "save", unreachable)
        await keys_at_once(pilot, "e", "end", " Nord", "ctrl+s")
        assert any("cannot be reached" in n and "still here" in n for n in notifications(app))
        assert app.screen.query_one("#f-name").value == "Unsaved Edits GmbH Nord"  # the edit is kept
        monkeypatch.undo()
        await keys_at_once(pilot, "ctrl+s")
    assert accounts.get(account.id).name == "Unsaved Edits GmbH Nord"


def test_a_fault_is_a_database_trouble_in_words():
    from crm_tui.services.db_faults import translated

    try:
        with translated():
            raise GONE
    except DatabaseTrouble as trouble:
        assert "cannot be reached" in str(trouble) and "closed" not in str(trouble)
