"""Resolving a case: the resolution type and text and the time spent, after being told what it
cancels (open activities) and whether its open child cases are resolved with it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from crm_tui.core.types import noun
from crm_tui.core.types.case import CASE_REASONS, CASE_RESOLVED
from crm_tui.services import record_detail
from crm_tui.services.record_detail import Detail
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.screens.sales_dialogs import refusal
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.form import ErrorLine


class ResolveScreen(StylesKept, Dialog[Detail | None]):
    """Returns the resolved case; a refusal (no resolution, open children) is shown here."""

    BINDINGS = bindings("resolve")

    def __init__(self, case_id: int, title: str, open_activities: int, open_children: int):
        super().__init__()
        self.case_id, self.case_title = case_id, title
        self.open_activities, self.open_children = open_activities, open_children

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog filter"):
            yield Static(id="resolve-title", classes="dialog-title")
            yield Static(id="resolve-activities", classes="dialog-text")
            with Horizontal(classes="filter-line resolve-line"):
                yield Label("Type", classes="filter-label")
                reasons = CASE_REASONS[CASE_RESOLVED]
                yield Select([(r, r) for r in reasons], value=reasons[0], allow_blank=False, id="resolve-type")
            with Horizontal(classes="filter-line"):
                yield Label("Resolution", classes="filter-label")
                yield Input(placeholder="how it was resolved (required)", id="resolve-text")
            with Horizontal(classes="filter-line"):
                yield Label("Time spent", classes="filter-label")
                yield Input(placeholder="30m, 1h 15m, 2h", id="resolve-time")
            yield Checkbox(id="resolve-children")
            yield ErrorLine(id="resolve-error")
            yield Static("ctrl+s (or enter in the last field) resolves · tab moves · esc cancels",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self._show()

    def reset(self, case_id: int, title: str, open_activities: int, open_children: int) -> None:
        """Another case: the app keeps one (ui/app.kept_screen)."""
        self.case_id, self.case_title = case_id, title
        self.open_activities, self.open_children = open_activities, open_children
        self.query_one("#resolve-type", Select).value = CASE_REASONS[CASE_RESOLVED][0]
        self.query_one("#resolve-text", Input).value = ""
        self.query_one("#resolve-time", Input).value = ""
        self.query_one("#resolve-error", ErrorLine).say("")
        self._show()

    def _show(self) -> None:
        """What this case's resolution cancels and may resolve with it; the cursor in the text."""
        self.query_one("#resolve-title", Static).update(plain(f"Resolve {self.case_title}"))
        many = self.open_activities != 1
        activities = self.query_one("#resolve-activities", Static)
        activities.update(f"Its {self.open_activities} open activit{'ies' if many else 'y'} will be canceled.")
        activities.display = bool(self.open_activities)
        children = self.query_one("#resolve-children", Checkbox)
        children.label = f"Resolve its {self.open_children} open child {noun('case', self.open_children != 1)} too"
        children.value = False
        children.display = bool(self.open_children)
        self.set_focus(self.query_one("#resolve-text", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "resolve-time":
            self.action_resolve()
        else:
            self.focus_next()

    def show_error(self, message: str) -> None:
        self.query_one("#resolve-error", ErrorLine).say(message)

    def action_resolve(self) -> None:
        children = self.query_one("#resolve-children", Checkbox)
        db_call(self, record_detail.status_action, self.app.actor, "case", self.case_id, "resolve",
                self.query_one("#resolve-type", Select).value, self.query_one("#resolve-text", Input).value,
                self.query_one("#resolve-time", Input).value, bool(self.open_children and children.value),
                on_success=self.dismiss, on_error=lambda error: self.show_error(refusal(error)),
                group="resolve", exclusive=True, holds_keys=True)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
