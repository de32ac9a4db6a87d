"""Small modal questions: confirm an action, resolve a save conflict."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from crm_tui.core.fields import display
from crm_tui.services.errors import ConflictError
from crm_tui.ui.bindings import bindings
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import clip, plain, printable


class ConfirmScreen(Dialog[bool]):
    """Ask yes or no; y/enter confirms, n/escape declines."""

    BINDINGS = bindings("confirm")

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


def conflict_rows(conflict: ConflictError, labels: dict[str, str], loaded: dict[str, str],
                  mine: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(field, as you opened it, yours, theirs now) for every field you or they changed: what
    each side did, side by side. loaded and mine are the form's texts (links as their labels)."""
    theirs = conflict.theirs
    now = {**theirs.texts, **{name: label for name, (_id, label) in theirs.refs.items()}} if theirs else {
        item.field: display(item.theirs) for item in conflict.conflicts}
    rows = []
    for name, label in labels.items():
        was, yours, current = loaded.get(name, ""), mine.get(name, loaded.get(name, "")), now.get(name, loaded.get(name, ""))
        if yours != was or current != was:
            rows.append((label, was, yours if yours != was else "(not changed)", current if current != was
                         else "(not changed)"))
    return rows


class ConflictScreen(Dialog[str | None]):
    """Someone saved first: what they changed and what you changed, field by field; keep mine,
    take theirs, or go back to editing."""

    BINDINGS = bindings("conflict")

    def __init__(self, conflict: ConflictError, rows: list[tuple[str, str, str, str]]):
        super().__init__()
        self.conflict, self.rows = conflict, rows

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(classes="dialog conflict"):
            yield Static(plain(f"{c.modified_by} saved this record at {c.modified_on:%Y-%m-%d %H:%M} UTC, "
                               "after you opened it. Nothing of yours was saved yet."), classes="dialog-text")
            lines = [f"{'Field':<16} {'When you opened it':<18} {'Yours':<18} Theirs"]
            for label, was, yours, theirs in self.rows:
                lines.append(f"{clip(printable(label), 16)} {clip(printable(was), 18)} {clip(printable(yours), 18)} "
                             f"{printable(theirs)}")
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


class TextPromptScreen(Dialog[str | None]):
    """Ask for one line of text (a new name); enter answers, escape cancels."""

    BINDINGS = bindings("prompt")

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
