"""Log a call, task, email, appointment or note on a record in a few keys.

a, then enter logs an outgoing phone call with a ready subject; a, then typing, replaces the
subject; up and down change the kind (keys that cannot be text, so a fast typist's subject is
never taken for a kind).
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from crm_tui.core.fields import DATETIME_HELP
from crm_tui.core.types.activity import (
    APPOINTMENT,
    EMAIL,
    KINDS,
    NOTE,
    PHONE_CALL,
    TASK,
)
from crm_tui.services import activities
from crm_tui.services.errors import ServiceError, ValidationError
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.form import ErrorLine

KIND_ORDER = (TASK, PHONE_CALL, EMAIL, APPOINTMENT, NOTE)
SUBJECTS = {TASK: "Follow up with {name}", PHONE_CALL: "Call with {name}", EMAIL: "Email with {name}",
            APPOINTMENT: "Meeting with {name}", NOTE: "Note on {name}"}
# The extra fields each kind offers: (field, label, placeholder).
EXTRAS = {
    TASK: (("due_at", "Due", "tomorrow, +3d, 2026-03-31 14:00"),),
    PHONE_CALL: (("direction", "Direction", ""), ("phone_number", "Number", "")),
    EMAIL: (("direction", "Direction", ""), ("email_to", "To", "")),
    APPOINTMENT: (("start_at", "Start", "in an hour unless you say: +1d, 2026-03-31 14:00"),
                  ("location", "Location", "")),
    NOTE: (),
}
ALL_EXTRAS = {name for extras in EXTRAS.values() for name, _, _ in extras}


class KindChooser(Static):
    """The kinds in a row, the chosen one marked. It takes no keys (every printable key is the
    subject's): up and down change the kind from anywhere in the dialog; a click picks one."""

    def show(self, chosen: str) -> None:
        self.spans: list[tuple[int, int, str]] = []
        parts, x = [], 0
        for kind in KIND_ORDER:
            label = f"▸{KINDS[kind].singular}◂" if kind == chosen else f" {KINDS[kind].singular} "
            self.spans.append((x, x + len(label), kind))
            parts.append(label)
            x += len(label) + 1
        self.update(plain(" ".join(parts) + "   ↑↓ kind"))

    def on_click(self, event) -> None:
        for start, end, kind in getattr(self, "spans", ()):
            if start <= event.x - 1 < end:  # the row's left padding is one cell
                self.screen.choose(kind)
                self.screen.focus_subject()


class QuickLogScreen(StylesKept, Dialog[bool]):
    """Returns True when something was logged."""

    BINDINGS = bindings("log")

    def __init__(self, regarding: tuple[str, int], name: str, phone: str = "", email: str = "",
                 kind: str = PHONE_CALL):
        super().__init__()
        self._set(regarding, name, phone, email, kind)

    def _set(self, regarding: tuple[str, int], name: str, phone: str, email: str, kind: str) -> None:
        self.regarding = regarding
        self.record_name = name
        self.defaults = {"phone_number": phone, "email_to": email}
        self.kind = kind

    def reset(self, regarding: tuple[str, int], name: str, phone: str = "", email: str = "",
              kind: str = PHONE_CALL) -> None:
        """The same dialog, for another record: the app keeps one, built once (ui/app.kept_screen)."""
        self._set(regarding, name, phone, email, kind)
        self.query_one("#log-title", Static).update(plain(f"Log on {name}"))
        for name_ in sorted(ALL_EXTRAS):  # as a new dialog has them (setting a value costs a refresh)
            widget = self.query_one(f"#log-{name_}")
            value = "Outgoing" if isinstance(widget, Select) else self.defaults.get(name_, "")
            if widget.value != value:
                widget.value = value
        self.query_one("#log-subject", Input).value = ""
        self.query_one("#log-error", ErrorLine).say("")
        self.choose(kind)
        self.focus_subject()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog quick-log"):
            yield Static(plain(f"Log on {self.record_name}"), classes="dialog-title", id="log-title")
            yield KindChooser(id="kinds")
            with Horizontal(classes="log-line"):
                yield Label("Subject", classes="log-label")
                yield Input(id="log-subject")
            for name in sorted(ALL_EXTRAS):
                with Horizontal(classes="log-line", id=f"line-{name}"):
                    label = next(lbl for extras in EXTRAS.values() for n, lbl, _ in extras if n == name)
                    yield Label(label, classes="log-label")
                    if name == "direction":
                        yield Select([("Outgoing", "Outgoing"), ("Incoming", "Incoming")], allow_blank=False,
                                     value="Outgoing", id="log-direction")
                    else:
                        yield Input(self.defaults.get(name, ""), id=f"log-{name}")
            yield ErrorLine(id="log-error")
            yield Static(self._hint(self.kind), classes="dialog-hint", id="log-hint")

    def on_mount(self) -> None:
        self.choose(self.kind)
        self.focus_subject()

    def action_step(self, delta: int) -> None:
        index = KIND_ORDER.index(self.kind)
        self.choose(KIND_ORDER[(index + delta) % len(KIND_ORDER)])

    def choose(self, kind: str) -> None:
        subject = self.query_one("#log-subject", Input)
        ready = SUBJECTS[self.kind].format(name=self.record_name)
        untouched = subject.value in ("", ready)
        self.kind = kind
        self.query_one(KindChooser).show(kind)
        if untouched:  # the ready subject follows the kind; what the user typed stays
            subject.value = SUBJECTS[kind].format(name=self.record_name)
            if subject.has_focus:
                subject.select_all()
        hint = self.query_one("#log-hint", Static)
        if str(hint.render()) != self._hint(kind):
            hint.update(self._hint(kind))
        shown = {name for name, _, _ in EXTRAS[kind]}
        for name in ALL_EXTRAS:  # (each change is a layout: only what changes)
            line = self.query_one(f"#line-{name}")
            if line.display != (name in shown):
                line.display = name in shown
        for name, _, placeholder in EXTRAS[kind]:
            widget = self.query_one(f"#log-{name}")
            if isinstance(widget, Input) and widget.placeholder != placeholder:
                widget.placeholder = placeholder

    @staticmethod
    def _hint(kind: str) -> str:
        more = " · tab more" if EXTRAS[kind] else ""  # a note has only its subject: tab has nowhere to go
        return f"type a subject · ↑↓ kind · enter saves{more} · esc cancels"

    def focus_subject(self) -> None:
        """The ready subject, selected: typing replaces it, enter keeps it."""
        subject = self.query_one("#log-subject", Input)
        self.set_focus(subject)
        subject.select_all()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        fields = {}
        for name, _, _ in EXTRAS[self.kind]:
            widget = self.query_one(f"#log-{name}")
            value = widget.value if not isinstance(widget, Select) else str(widget.value)
            if value and str(value).strip():
                fields[name] = value
        subject = self.query_one("#log-subject", Input).value
        log = partial(activities.log, self.app.actor, self.kind, self.regarding, subject, **fields)
        db_call(self, log, on_success=self._logged, on_error=self._refused, holds_keys=True)

    def _logged(self, activity) -> None:
        self.app.notify(f"Logged {KINDS[self.kind].singular.lower()}: {activity.subject}")
        self.dismiss(True)

    def _refused(self, error: ServiceError) -> None:
        if isinstance(error, ValidationError):
            text = "; ".join(f"{name.replace('_', ' ')}: {message}" if name else message
                             for name, message in error.errors.items())
            if any(name.endswith("_at") for name in error.errors):
                text += f" ({DATETIME_HELP})"
        else:
            text = str(error)
        self.query_one("#log-error", ErrorLine).say(text)

    def action_cancel(self) -> None:
        self.dismiss(False)
