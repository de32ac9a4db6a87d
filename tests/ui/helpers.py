"""Driving the app as a person would, and reading what the screen shows."""

from __future__ import annotations

import re

from textual import events
from textual.keys import _character_to_key
from textual.worker import WorkerCancelled

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
        busy = bool(pilot.app.workers) or not pilot.app.key_gate.idle
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an older query a newer one replaced: nothing to wait for
            pass
        quiet = 0 if busy else quiet + 1
        if done >= rounds - 1 and quiet >= 2:
            break
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type text key by key, as a person would."""
    await pilot.press(*[_character_to_key(ch) for ch in text])


def key_events(*keys: str) -> list[events.Key]:
    """Key events as a terminal delivers them: a key's name ("tab", "ctrl+s", "down") is that key,
    any other text is typed character by character."""
    result = []
    for item in keys:
        if item in _KEY_NAMES or re.fullmatch(r"(ctrl|shift|alt)\+\w+", item):
            result.append(events.Key(item, "\t" if item == "tab" else "\r" if item == "enter" else None))
        else:
            result.extend(events.Key(_character_to_key(ch) if not ch.isalnum() else ch, ch) for ch in item)
    return result


_KEY_NAMES = {"tab", "enter", "escape", "up", "down", "left", "right", "home", "end", "pageup", "pagedown",
              "backspace", "delete", "shift+tab", *(f"f{n}" for n in range(1, 13))}


async def keys_at_once(pilot, *keys: str, rounds: int = 4) -> None:
    """Every key handed to the app at once, as a fast typist's terminal does, without waiting for
    the app between keys (Pilot's press waits, which hides keys overtaking each other); then
    wait until all of them and what they started are done."""
    app = pilot.app
    for event in key_events(*keys):
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(pilot, rounds)


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
    shown = app.screen.query(f"#err-{name}")
    return str(shown.first().render()) if shown else ""
