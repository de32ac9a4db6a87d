"""Narrow the lead list to one source and/or one rating."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static

from crm_tui.services.sales_types import LEAD_SOURCES, RATINGS
from crm_tui.ui.styles import style_path


class LeadFilterScreen(ModalScreen[tuple[str | None, str | None] | None]):
    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="lead_filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", priority=True, id="lead_filter.apply"),
        Binding("ctrl+r", "clear", "Clear both", priority=True, id="lead_filter.clear"),
    ]

    def __init__(self, source: str | None, rating: str | None):
        super().__init__()
        self.source, self.rating = source, rating

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog filter"):
            yield Static("Leads by source and rating", classes="dialog-title")
            with Horizontal(classes="filter-line"):
                yield Label("Source", classes="filter-label")
                yield Select([(s, s) for s in LEAD_SOURCES], prompt="Any source",
                             value=self.source or Select.NULL, id="filter-source")
            with Horizontal(classes="filter-line"):
                yield Label("Rating", classes="filter-label")
                yield Select([(r, r) for r in RATINGS], prompt="Any rating",
                             value=self.rating or Select.NULL, id="filter-rating")
            yield Static("enter opens a choice · ctrl+s applies · ctrl+r clears both · esc cancels",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#filter-source").focus()

    def action_apply(self) -> None:
        source = self.query_one("#filter-source", Select).value
        rating = self.query_one("#filter-rating", Select).value
        self.dismiss((None if source is Select.NULL else source, None if rating is Select.NULL else rating))

    def action_clear(self) -> None:
        self.dismiss((None, None))

    def action_cancel(self) -> None:
        self.dismiss(None)
