"""Recent and pinned records from the keyboard: records opened are listed newest first by ctrl+o,
* pins one on top, and the palette offers them before anything is typed."""

from crm_tui.models.recent import PinnedRecord
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.recent_dialog import RecentScreen
from crm_tui.ui.screens.record import RecordScreen

from .helpers import keys_at_once, settle


def _lines(screen) -> list[str]:
    options = screen.query_one("#recent-list")
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_opened_records_come_back_with_ctrl_o_and_a_pinned_one_stays_on_top(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    beta = accounts.create(actor, {"name": "Beta [b]Bold[/b]"})
    ann = contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for kind, rid in (("account", beta.id), ("contact", ann.id), ("account", acme.id)):
            app.open_record(kind, rid)
            await settle(pilot)
            await keys_at_once(pilot, "escape")
        await keys_at_once(pilot, "ctrl+o")
        assert isinstance(app.screen, RecentScreen)
        assert [line.strip() for line in _lines(app.screen)] == [
            "Recent", "Account: Acme", "Contact: Lee", "Account: Beta [b]Bold[/b]"]
        await keys_at_once(pilot, "down", "down", "enter", "*")  # open Beta and pin it
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == beta.id
        assert PinnedRecord.select().where(PinnedRecord.record_id == beta.id).exists()
        await keys_at_once(pilot, "escape", "ctrl+o")
        lines = [line.strip() for line in _lines(app.screen)]
        assert lines[:2] == ["Pinned", "★ Account: Beta [b]Bold[/b]"] and lines[2] == "Recent"
        assert lines[3] == "★ Account: Beta [b]Bold[/b]"  # the last opened, and marked as pinned
        await keys_at_once(pilot, "enter", "*")  # unpinned again
        assert not PinnedRecord.select().exists()
