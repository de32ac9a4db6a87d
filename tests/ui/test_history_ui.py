"""A record's history from the keyboard: h on a record, its changes newest first with its linked
records', narrowed to its own, by field and by user."""

from crm_tui.services import activities
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.history import HistoryScreen

from .helpers import keys_at_once, settle


def _rows(screen) -> list[str]:
    table = screen.query_one("#history-table")
    return [" | ".join(str(cell) for cell in table.get_row_at(n)) for n in range(table.row_count)]


async def test_h_shows_who_changed_what_and_the_linked_records(make_app, actor, other_user):
    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo"})
    acme = accounts.update(other_user, acme.id, {"city": "Bergen"}, acme.version)
    contacts.create(actor, {"last_name": "Lee", "parent_customer": acme.id})
    activities.log(actor, "phone_call", ("account", acme.id), "About [b]the[/b] order")
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.open_record("account", acme.id)
        await settle(pilot)
        await keys_at_once(pilot, "h")  # typed at once: the history opens with its first page
        assert isinstance(app.screen, HistoryScreen)
        rows = _rows(app.screen)
        assert any("Activity About [b]the" in row for row in rows)  # literal, never markup
        assert any("Contact Lee" in row and "created" in row for row in rows)
        newest_own = next(row for row in rows if "updated" in row and "City" in row)
        assert "Bergen" in newest_own and rows.index(newest_own) < next(
            n for n, row in enumerate(rows) if "Oslo" in row and "created" in row)
        assert other_user.display_name[:12] in newest_own and "Oslo" in newest_own
        await keys_at_once(pilot, "r")  # its own changes only
        own = _rows(app.screen)
        assert own and not any("Contact Lee" in row or "Activity" in row for row in own)
        app.screen.query_one("#history-user").value = other_user.id
        await settle(pilot)
        assert [row.split(" | ")[4].strip() for row in _rows(app.screen)] == ["City"]
        assert any("Contact Lee" in row and "Account" in row and "| Acme" in row for row in rows)  # a link by name
        await keys_at_once(pilot, "escape")
        assert not isinstance(app.screen, HistoryScreen)
