"""Narrow a list by a choice or two: leads by source and rating, cases by priority and origin."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static

from crm_tui.ui.bindings import bindings
from crm_tui.ui.screens.dialog import Dialog


@dataclass(frozen=True)
class Narrowing:
    label: str  # Source
    any_text: str  # Any source
    choices: tuple[str, ...]
    current: str | None


class ListFilterScreen(Dialog[tuple[str | None, ...] | None]):
    """Returns one choice (or None for any) per narrowing; None when cancelled."""

    BINDINGS = bindings("list_filter")

    def __init__(self, title: str, narrowings: tuple[Narrowing, ...]):
        super().__init__()
        self.title_text, self.narrowings = title, narrowings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog filter"):
            yield Static(self.title_text, classes="dialog-title")
            for number, narrowing in enumerate(self.narrowings):
                with Horizontal(classes="filter-line"):
                    yield Label(narrowing.label, classes="filter-label")
                    yield Select([(c, c) for c in narrowing.choices], prompt=narrowing.any_text,
                                 value=narrowing.current or Select.NULL, id=f"filter-{number}")
            yield Static("enter opens a choice · ctrl+s applies · ctrl+r clears all · esc cancels",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#filter-0").focus()

    def action_apply(self) -> None:
        values = [self.query_one(f"#filter-{n}", Select).value for n in range(len(self.narrowings))]
        self.dismiss(tuple(None if value is Select.NULL else value for value in values))

    def action_clear(self) -> None:
        self.dismiss(tuple(None for _ in self.narrowings))

    def action_cancel(self) -> None:
        self.dismiss(None)
