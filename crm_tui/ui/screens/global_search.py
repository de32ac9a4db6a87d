"""Search everywhere: one key from any screen, results as you type, grouped by record type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import record_type
from crm_tui.services import global_search
from crm_tui.services.hits import state_mark
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.screens.type_ahead import TypeAheadDialog
from crm_tui.ui.text import heading_option, printable
from crm_tui.ui.widgets.choices import Choices

PER_TYPE = 8


def _find(text: str) -> global_search.Results:
    return global_search.find(text, per_type=PER_TYPE)


def search_status(results: global_search.Results) -> str:
    """How many are shown, and whether there are more: each kind shows its first PER_TYPE."""
    shown = len(results.hits)
    if any(len(results.of(kind)) >= PER_TYPE for kind in global_search.searched()):
        return f"{shown} shown: the first {PER_TYPE} of a kind with more (type on to narrow)"
    return f"{shown} found"


class GlobalSearchScreen(StylesKept, TypeAheadDialog):
    """Returns the chosen record's Hit, or None when closed."""

    BINDINGS = bindings("search")

    def __init__(self, text: str = ""):
        super().__init__()
        self.start_text = text

    def compose(self) -> ComposeResult:
        plurals = ", ".join(lower_noun(record_type(k).plural) for k in global_search.searched())
        with Vertical(classes="dialog picker search"):
            yield Static("Search everywhere", classes="dialog-title")
            yield Input(value=self.start_text, placeholder=f"Start of a name, email, phone, number… in {plurals}",
                        id="search-input")
            yield Choices(id="search-results")
            yield Static("Type at least one letter or digit.", id="search-status", classes="dialog-hint")
            yield Static("enter open · ↓ results · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.start_text:
            self._search(self.start_text)

    def reset(self) -> None:
        """Empty again, for the next search: the app keeps one (ui/app.kept_screen)."""
        self.hits = {}
        self._answered_text, self._choose_when_answered = None, False
        self.query_one(OptionList).clear_options()
        self.query_one("#search-status", Static).update("Type at least one letter or digit.")
        search = self.query_one(Input)
        search.value = ""
        self.set_focus(search)

    def _search(self, text: str) -> None:
        # Typing never waits: each keystroke's query runs in a worker, and a newer one drops it.
        db_call(self, _find, text, on_success=self._show, group="search", exclusive=True, delay=0.02)

    def _show(self, results: global_search.Results) -> None:
        if results.text != self.query_one(Input).value:
            return  # a stale answer: a newer query is on its way
        options = self.query_one(OptionList)
        options.clear_options()
        self.hits = {}
        shown_type = None
        for hit in results.hits:
            if hit.record_type != shown_type:
                shown_type = hit.record_type
                count = len(results.of(shown_type))
                more = "+" if count == PER_TYPE else ""  # the first few of more: type on to narrow
                options.add_option(heading_option(f"{record_type(shown_type).plural} ({count}{more})"))
            self._add_hit(options, hit, state_mark(hit.state), indent="  ")
        if self.hits:
            options.highlighted = 1  # the first record, below its heading
        status = self.query_one("#search-status", Static)
        if not global_search.words(results.text):
            status.update("Type at least one letter or digit.")
        elif not self.hits:
            status.update(Content(f"Nothing starts with “{printable(results.text)}”."))
        else:
            status.update(search_status(results))
        self.answered(results.text)
