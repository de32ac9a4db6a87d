"""The list and record screens and one dialog of each family, as pictures (SVG), driven by key
presses under NO_COLOR, at 80x24 and 140x40. A change shows as a failed comparison with both
pictures side by side (snapshot_report.html); to accept one on purpose:
pytest tests/ui/test_screen_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.ui.helpers import keys_at_once, settle
from tests.ui.screen_render import app_in

SIZES = ((80, 24), (140, 40))


def _keys(*keys: str):
    async def run(pilot) -> None:
        await settle(pilot)
        await keys_at_once(pilot, *keys)
        await settle(pilot)
    return run


SCREENS = {  # from the account list, as the app opens
    "account_list": (),
    "account_record": ("enter",),
    "lead_list": ("3",),
    "case_list": ("5",),
}
DIALOGS = {  # one of each family
    "question": ("enter", "d"),  # deactivate Acme?
    "picker": ("enter", "p"),  # its parent account
    "reason": ("3", "enter", "D"),  # why the lead is disqualified
    "log": ("enter", "a"),
    "help": ("question_mark",),
    "search": ("ctrl+f", "acme"),
    "views": ("w",),
}


@pytest.fixture
def fixed_app(fixed_world, actor, monkeypatch):
    monkeypatch.setenv("CRM_TUI_SETTINGS", "/nowhere/crm-tui/settings.toml")  # the help names it
    return app_in("no_color", actor, monkeypatch)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens_look_as_they_did(snap_compare, fixed_app, screen, size):
    assert snap_compare(fixed_app, run_before=_keys(*SCREENS[screen]), terminal_size=size)


@pytest.mark.parametrize("dialog", list(DIALOGS))
def test_dialogs_look_as_they_did(snap_compare, fixed_app, dialog):
    assert snap_compare(fixed_app, run_before=_keys(*DIALOGS[dialog]), terminal_size=(80, 24))
