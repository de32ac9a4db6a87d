"""The readable layout of the timeline, the pipeline and the log dialog, kept as text: what the
screen says, and which cells stand out (the cursor, the focus, the title bars) in a 16-colour
terminal and under NO_COLOR, at 80x24 and 120x36.

A change to any of them shows here as a diff to read. To accept one on purpose:
CRM_TUI_SNAPSHOTS=update pytest tests/ui/test_snapshots.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from tests.ui.helpers import keys_at_once, settle
from tests.ui.screen_render import MODES, app_in, snapshot

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZES = ((80, 24), (120, 36))


async def _timeline(pilot):
    await keys_at_once(pilot, "enter")  # Acme, its timeline rolled up


async def _pipeline(pilot):
    await keys_at_once(pilot, "4", "p")  # from the first deal of the list


async def _dialog(pilot):
    await keys_at_once(pilot, "enter", "a")  # the log dialog on Acme


JOURNEYS = {"timeline": _timeline, "pipeline": _pipeline, "log_dialog": _dialog}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("journey", list(JOURNEYS))
async def test_the_layout_stays_readable(fixed_world, actor, journey, size, mode, monkeypatch):
    app = app_in(mode, actor, monkeypatch)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await JOURNEYS[journey](pilot)
        await settle(pilot)
        shown = snapshot(app, mode)
    path = SNAPSHOTS / f"{journey}-{size[0]}x{size[1]}-{mode}.txt"
    if os.environ.get("CRM_TUI_SNAPSHOTS") == "update" or not path.exists():
        path.write_text(shown, encoding="utf-8")
        if os.environ.get("CRM_TUI_SNAPSHOTS") != "update":
            pytest.fail(f"{path.name} was missing and is written now: read it, and commit it if it is right")
    kept = path.read_text(encoding="utf-8")
    assert shown == kept, "\n" + "".join(difflib.unified_diff(
        kept.splitlines(True), shown.splitlines(True), "kept", "now"))
