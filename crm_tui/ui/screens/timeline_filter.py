"""Filter a timeline by kind, status and date range."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from crm_tui.core.types.activity import KINDS, TIMELINE_KINDS
from crm_tui.core.list_types import TimelineFilter
from crm_tui.ui.bindings import bindings
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.widgets.form import ErrorLine

STATUSES = (("Open", "open"), ("Closed (completed or canceled)", "closed"))


def _date(text: str) -> dt.date | None | str:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return "bad"


class TimelineFilterScreen(Dialog[TimelineFilter | None]):
    """Answers the timeline's filter as changed (None: cancelled)."""

    BINDINGS = bindings("filter")

    def __init__(self, entries: TimelineFilter):
        super().__init__()
        self.filter_in = entries

    def compose(self) -> ComposeResult:
        q = self.filter_in
        with Vertical(classes="dialog filter"):
            yield Static("Filter the timeline", classes="dialog-title")
            with Horizontal(classes="filter-line"):
                yield Label("Kind", classes="filter-label")
                yield Select([(KINDS[k].plural, k) for k in TIMELINE_KINDS], prompt="All kinds",
                             value=q.kinds[0] if len(q.kinds) == 1 else Select.NULL, id="filter-kind")
            with Horizontal(classes="filter-line"):
                yield Label("Status", classes="filter-label")
                yield Select(STATUSES, prompt="Any status", value=q.status or Select.NULL, id="filter-status")
            with Horizontal(classes="filter-line"):
                yield Label("From", classes="filter-label")
                yield Input(str(q.date_from or ""), placeholder="YYYY-MM-DD", id="filter-from")
            with Horizontal(classes="filter-line"):
                yield Label("To", classes="filter-label")
                yield Input(str(q.date_to or ""), placeholder="YYYY-MM-DD", id="filter-to")
            yield ErrorLine(id="filter-error")
            yield Static("ctrl+s or enter apply · ctrl+r clear all · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#filter-kind").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        kind = self.query_one("#filter-kind", Select).value
        status = self.query_one("#filter-status", Select).value
        date_from = _date(self.query_one("#filter-from", Input).value)
        date_to = _date(self.query_one("#filter-to", Input).value)
        error = self.query_one("#filter-error", ErrorLine)
        if "bad" in (date_from, date_to):
            error.say("Dates look like 2026-03-31")
            return
        if date_from and date_to and date_to < date_from:
            error.say("The end of the range is before its start")
            return
        self.dismiss(replace(
            self.filter_in,
            kinds=() if kind is Select.NULL else (kind,),
            status=None if status is Select.NULL else status,
            date_from=date_from, date_to=date_to,
        ))

    def action_clear(self) -> None:
        self.dismiss(self.filter_in.cleared())

    def action_cancel(self) -> None:
        self.dismiss(None)
