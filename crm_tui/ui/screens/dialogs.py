"""Small modal questions: confirm an action, resolve a save conflict."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from crm_tui.services.errors import ConflictError
from crm_tui.services.fields import display
from crm_tui.ui.styles import style_path
from crm_tui.ui.text import plain, printable


class ConfirmScreen(ModalScreen[bool]):
    """Ask yes or no; y/enter confirms, n/escape declines."""

    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, confirm_label: str = "Yes", danger: bool = False):
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm_label} (y)", id="yes", variant="error" if self.danger else "primary")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ConflictScreen(ModalScreen[str | None]):
    """Someone saved first: show both values; keep mine, take theirs, or go back to editing."""

    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [
        Binding("k", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
        Binding("escape", "choose(None)", "Back to editing", id="conflict.cancel"),
    ]

    def __init__(self, conflict: ConflictError):
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(classes="dialog conflict"):
            yield Static(plain(f"{c.modified_by} saved this record at {c.modified_on:%Y-%m-%d %H:%M} UTC, "
                               "after you opened it. Nothing of yours was saved yet."), classes="dialog-text")
            lines = [f"{'Field':<18} {'Yours':<24} Theirs"]
            for item in c.conflicts:
                lines.append(f"{printable(item.label)[:18]:<18} {printable(display(item.yours))[:24]:<24} "
                             f"{printable(display(item.theirs))}")
            yield Static(plain("\n".join(lines)), id="conflict-table")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep mine (k)", id="mine", variant="warning")
                yield Button("Take theirs (t)", id="theirs", variant="primary")
                yield Button("Back (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


class TextPromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (a new name); enter answers, escape cancels."""

    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, question: str, value: str = ""):
        super().__init__()
        self.question, self.value = question, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="dialog-text")
            yield Input(value=self.value, id="prompt-input")
            yield Static("enter saves · esc cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
