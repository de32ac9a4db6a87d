"""Log a call, task, email, appointment or note on a record in a few keys.

a, then p, then enter logs an outgoing phone call with a ready subject: three keys.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from crm_tui.services import activities
from crm_tui.services.activity_types import (
    APPOINTMENT,
    EMAIL,
    KINDS,
    NOTE,
    PHONE_CALL,
    TASK,
)
from crm_tui.services.errors import ServiceError, ValidationError
from crm_tui.services.fields import DATETIME_HELP
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.styles import style_path
from crm_tui.ui.text import plain

CHOICES = ((TASK, "t"), (PHONE_CALL, "p"), (EMAIL, "e"), (APPOINTMENT, "a"), (NOTE, "n"))
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


class KindChooser(Static, can_focus=True):
    """t p e a n pick the kind; ← → move; enter goes on to the subject."""

    BINDINGS = [
        *[Binding(key, f"pick('{kind}')", KINDS[kind].singular, id=f"log.{kind}") for kind, key in CHOICES],
        Binding("left", "step(-1)", "Previous kind", show=False),
        Binding("right", "step(1)", "Next kind", show=False),
        Binding("enter", "next_field", "Subject", show=False),
    ]

    def action_pick(self, kind: str) -> None:
        self.screen.choose(kind)
        self.screen.focus_subject()

    def action_step(self, delta: int) -> None:
        kinds = [k for k, _ in CHOICES]
        self.screen.choose(kinds[(kinds.index(self.screen.kind) + delta) % len(kinds)])

    def action_next_field(self) -> None:
        self.screen.focus_subject()


class QuickLogScreen(ModalScreen[bool]):
    """Returns True when something was logged."""

    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="log.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="log.save"),
    ]

    def __init__(self, regarding: tuple[str, int], name: str, phone: str = "", email: str = "",
                 kind: str = PHONE_CALL):
        super().__init__()
        self.regarding = regarding
        self.record_name = name
        self.defaults = {"phone_number": phone, "email_to": email}
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog quick-log"):
            yield Static(plain(f"Log on {self.record_name}"), classes="dialog-title")
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
            yield Static("", id="log-error", classes="field-error")
            yield Static("t p e a n kind · enter save · tab more fields · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.choose(self.kind)
        self.query_one(KindChooser).focus()

    def choose(self, kind: str) -> None:
        self.kind = kind
        keys = "  ".join(f"[{key}] {KINDS[k].singular}" if k != kind else f"▸[{key}] {KINDS[k].singular}◂"
                         for k, key in CHOICES)
        self.query_one(KindChooser).update(plain(keys))
        self.query_one("#log-subject", Input).value = SUBJECTS[kind].format(name=self.record_name)
        shown = {name for name, _, _ in EXTRAS[kind]}
        for name in ALL_EXTRAS:
            self.query_one(f"#line-{name}").display = name in shown
        for name, _, placeholder in EXTRAS[kind]:
            widget = self.query_one(f"#log-{name}")
            if isinstance(widget, Input):
                widget.placeholder = placeholder

    def focus_subject(self) -> None:
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
        db_call(self, log, on_success=self._logged, on_error=self._refused)

    def _logged(self, activity) -> None:
        self.app.notify(f"Logged {KINDS[self.kind].singular.lower()}: {activity.subject}")
        self.dismiss(True)

    def _refused(self, error: ServiceError) -> None:
        error_line = self.query_one("#log-error", Static)
        if isinstance(error, ValidationError):
            text = "; ".join(f"{name.replace('_', ' ')}: {message}" if name else message
                             for name, message in error.errors.items())
            if any(name.endswith("_at") for name in error.errors):
                text += f" ({DATETIME_HELP})"
        else:
            text = str(error)
        error_line.update(plain(text))
        error_line.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(False)
