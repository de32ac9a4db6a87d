"""Driving the app as a person would, and reading what the screen shows."""

from __future__ import annotations

from textual.keys import _character_to_key

from crm_tui.ui.app import CrmApp
from crm_tui.ui.widgets.record_list import RecordList


async def settle(pilot, rounds: int = 4) -> None:
    """Let keys, database workers and the callbacks they post all finish.

    A worker's answer can start another worker (an action, then the record reread): keep
    going until two rounds in a row find no worker at all, however busy the machine is.
    """
    quiet = 0
    for done in range(rounds + 40):
        await pilot.pause()
        busy = bool(pilot.app.workers)
        await pilot.app.workers.wait_for_complete()
        quiet = 0 if busy else quiet + 1
        if done >= rounds - 1 and quiet >= 2:
            break
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type text key by key, as a person would."""
    await pilot.press(*[_character_to_key(ch) for ch in text])


async def pick_from_palette(pilot, text: str) -> None:
    """Open the palette, type text, and run the first hit (records come from a worker and the
    palette gathers hits on a short timer: wait for both)."""
    await pilot.press("ctrl+p")
    await type_text(pilot, text)
    await settle(pilot)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


def list_lines(record_list: RecordList) -> list[str]:
    """The text of every visible line of a list (header first)."""
    return [record_list.render_line(y).text.rstrip() for y in range(record_list.size.height)]


def notifications(app: CrmApp) -> list[str]:
    return [n.message for n in app._notifications]


def field_error(app: CrmApp, name: str) -> str:
    widget = app.screen.query_one(f"#err-{name}")
    return str(widget.render()) if widget.has_class("-shown") else ""
