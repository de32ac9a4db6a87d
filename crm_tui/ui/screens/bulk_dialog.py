"""Changing the marked rows of a list at once: set a field, assign an owner, activate,
deactivate or delete. It says how many first, runs with a progress bar, can be cancelled between
batches, and ends with what changed and what was skipped and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, ProgressBar, Select, Static

from crm_tui.core.fields import CHOICE, RECORD_PAIRS, REFERENCE
from crm_tui.core.list_types import ListQuery
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import record_type
from crm_tui.services import bulk_edit, teams
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.screens.dialogs import ConfirmScreen
from crm_tui.ui.text import plain

OWNER = "owner"
SKIPPED_SHOWN = 5


class BulkScreen(Dialog[bool]):
    """Dismissed with True once anything changed (the list beneath rereads)."""

    BINDINGS = bindings("bulk")

    def __init__(self, rt_key: str, query: ListQuery, marked: list[int] | None, excluded: frozenset[int], count: int):
        super().__init__()
        self.rt, self.list_query, self.marked, self.excluded, self.count = record_type(rt_key), query, marked, excluded, count
        self.running = False
        self.cancelled = False
        self.changed = False
        self.to_set: dict[str, str | None] = {}  # fields added with ctrl+n, set together with the one on screen

    def _operations(self) -> list[tuple[str, str]]:
        found = [("Set a field", bulk_edit.SET)]
        if any(f.name == OWNER for f in self.rt.fields):
            found.append(("Assign an owner", OWNER))
        if [s.key for s in self.rt.states] == ["active", "inactive"]:  # the others close by their own actions
            found += [("Deactivate", bulk_edit.DEACTIVATE), ("Activate", bulk_edit.ACTIVATE)]
        return [*found, ("Delete", bulk_edit.DELETE)]

    def _fields(self) -> list[tuple[str, str]]:
        return [(f.label, f.name) for f in self.rt.fields
                if not f.computed and f.kind not in (REFERENCE, *RECORD_PAIRS) and f.name != OWNER]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog bulk"):
            yield Static(plain(f"Change {self.count:,} {lower_noun(self.rt.plural if self.count != 1 else self.rt.singular)}"),
                         classes="dialog-title")
            with Horizontal(classes="bulk-line"):
                yield Label("Do", classes="bulk-label")
                yield Select(self._operations(), value=bulk_edit.SET, allow_blank=False, id="operation", compact=True)
            with Horizontal(classes="bulk-line", id="field-line"):
                yield Label("Field", classes="bulk-label")
                yield Select(self._fields(), allow_blank=False, id="field", compact=True)
            with Horizontal(classes="bulk-line", id="value-line"):
                yield Label("Value", classes="bulk-label")
                yield Input(placeholder="the new value (empty: the field emptied)", id="value", compact=True)
            yield Static("", id="to-set", classes="dialog-text")
            with Horizontal(classes="bulk-line", id="owner-line"):
                yield Label("Owner", classes="bulk-label")
                yield Select([], id="owner", compact=True, prompt="whom")
            yield ProgressBar(total=max(self.count, 1), show_eta=False, id="progress")
            yield Static("", id="result", classes="dialog-text")
            yield Static("ctrl+n another field · ctrl+s changes them (asks first) · esc closes, or cancels a change "
                         "running", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self._show_lines()
        self.query_one("#operation", Select).focus()
        db_call(self, teams.owner_choices, on_success=self._owners)

    def _owners(self, found: list[tuple[int, str, str]]) -> None:
        self.query_one("#owner", Select).set_options([(plain(f"{shown} ({what})"), rid) for rid, shown, what in found])

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "operation":
            self._show_lines()
        elif event.select.id == "field":
            spec = self.rt.field(str(event.value))
            hint = f"one of: {', '.join(spec.choices)}" if spec.kind == CHOICE else "the new value (empty: the field emptied)"
            self.query_one("#value", Input).placeholder = hint

    def _operation(self) -> str:
        return str(self.query_one("#operation", Select).value)

    def _show_lines(self) -> None:
        operation = self._operation()
        self.query_one("#field-line").display = operation == bulk_edit.SET
        self.query_one("#value-line").display = operation == bulk_edit.SET
        self.query_one("#to-set").display = operation == bulk_edit.SET and bool(self.to_set)
        self.query_one("#owner-line").display = operation == OWNER

    def _asked(self) -> tuple[str, dict, str] | None:
        """(operation, changes, what it does in words), or None with the reason shown."""
        operation = self._operation()
        if operation == bulk_edit.SET:
            changes = {**self.to_set, **self._on_screen()}
            return bulk_edit.SET, changes, f"Set {self._said(changes)} on"
        if operation == OWNER:
            owner = self.query_one("#owner", Select).value
            if owner is Select.NULL:
                self._say("Choose the owner first.")
                return None
            return bulk_edit.SET, {OWNER: int(owner)}, "Assign to the owner chosen"
        return operation, {}, operation.capitalize()

    def _on_screen(self) -> dict[str, str | None]:
        field = str(self.query_one("#field", Select).value)
        return {field: self.query_one("#value", Input).value.strip() or None}

    def _said(self, changes: dict[str, str | None]) -> str:
        return ", ".join(f"{self.rt.field(name).label} to “{value}”" if value else f"{self.rt.field(name).label} empty"
                         for name, value in changes.items())

    def action_another(self) -> None:
        """Keep the field and value on screen, and choose another to set with them."""
        if self._operation() != bulk_edit.SET or self.running:
            return
        self.to_set.update(self._on_screen())
        self.query_one("#value", Input).value = ""
        self.query_one("#to-set", Static).update(plain(f"Also: {self._said(self.to_set)}"))
        self._show_lines()
        self.query_one("#field", Select).focus()

    def action_run(self) -> None:
        if self.running:
            return
        asked = self._asked()
        if asked is None:
            return
        operation, changes, words = asked
        plural = lower_noun(self.rt.plural if self.count != 1 else self.rt.singular)
        question = f"{words} {self.count:,} {plural}?"
        if operation == bulk_edit.DELETE:
            question += " They cannot be brought back; a record others depend on is skipped and named."

        def answered(yes: bool | None) -> None:
            if yes:
                self._start(operation, changes)

        self.app.push_screen(ConfirmScreen(question, "Change" if operation != bulk_edit.DELETE else "Delete",
                                           danger=operation == bulk_edit.DELETE), answered)

    def _start(self, operation: str, changes: dict) -> None:
        self.running, self.cancelled = True, False
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(self.count, 1), progress=0)
        bar.display = True
        self._say("Changing… esc cancels after the batch running.")
        app = self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        db_call(self, lambda: bulk_edit.apply(self.app.actor, self.list_query, operation, changes, marked=self.marked,
                                              excluded=self.excluded, progress=progress,
                                              cancelled=lambda: self.cancelled),
                on_success=self._done, on_error=self._failed)

    def _done(self, report: bulk_edit.BulkReport) -> None:
        self.running = False
        self.changed = self.changed or report.changed > 0
        lines = [("Cancelled: the batches begun are done, the rest untouched. " if report.cancelled else "Done: ")
                 + f"{report.changed:,} changed, {report.unchanged:,} already so, "
                   f"{len(report.conflicts):,} skipped (changed by someone since), {len(report.refused):,} refused."]
        if report.conflicts:
            lines.append("Changed since: " + ", ".join(map(str, report.conflicts[:20]))
                         + ("…" if len(report.conflicts) > 20 else ""))
        for rid, why in list(report.refused.items())[:SKIPPED_SHOWN]:
            lines.append(f"{rid}: {why}")
        if len(report.refused) > SKIPPED_SHOWN:
            lines.append(f"… and {len(report.refused) - SKIPPED_SHOWN:,} more refused")
        self._say("\n".join(lines))

    def _failed(self, error) -> None:
        self.running = False
        self.query_one("#progress").display = False
        self._say(f"Nothing changed: {error}")

    def _say(self, text: str) -> None:
        self.query_one("#result", Static).update(plain(text))

    def action_cancel(self) -> None:
        if self.running:
            self.cancelled = True
            self._say("Cancelling: the batch running finishes…")
            return
        self.dismiss(self.changed)
