"""Choose a record by typing the start of its name."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from crm_tui.services.hits import Hit, state_mark
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.type_ahead import TypeAheadDialog
from crm_tui.ui.text import option, plain
from crm_tui.ui.widgets.choices import Choices

NONE = Hit("", 0, "(none)", "", "active")  # the "(none)" choice: clear the field


class PickerScreen(TypeAheadDialog):
    """Returns the chosen Hit, NONE for "(none)", or None when cancelled."""

    BINDINGS = bindings("picker")

    def __init__(self, title: str, find: Callable[[str], list[Hit]], allow_none: bool = False,
                 none_label: str = "(none)"):
        super().__init__()
        self.title_text = title
        self.find = find
        self.allow_none = allow_none
        self.none_label = none_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Input(placeholder="Type the start of a name…", id="picker-input")
            yield Choices(id="picker-results")
            yield Static("enter choose · ↓ results · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._search("")

    def _search(self, text: str) -> None:
        db_call(self, self.find, text, on_success=lambda hits: self._show(text, hits), group="picker",
                exclusive=True, delay=0.03)

    def _show(self, text: str, hits: list[Hit]) -> None:
        if text != self.query_one(Input).value:
            return  # a stale answer: a newer query is on its way
        results = self.query_one(OptionList)
        results.clear_options()
        self.hits = {}
        if self.allow_none:
            self.hits["none"] = NONE
            results.add_option(option(self.none_label, id="none"))
        for hit in hits:
            self._add_hit(results, hit, state_mark(hit.state))
        if results.option_count:
            results.highlighted = 1 if self.allow_none and results.option_count > 1 else 0
        self.answered(text)
