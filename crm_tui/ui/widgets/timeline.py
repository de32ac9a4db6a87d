"""A record's timeline: the virtual list over its activities, notes and events, with one-key actions."""

from __future__ import annotations

from textual.message import Message

from crm_tui.core.types import noun
from crm_tui.core.types.activity import KINDS
from crm_tui.services import activities
from crm_tui.services.errors import ServiceError
from crm_tui.core.list_types import ListQuery, TimelineFilter
from crm_tui.ui.bindings import Offered, bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.widgets.record_list import RecordList


def describe(query: ListQuery) -> str:
    """The filters in force, in a few words, for the timeline's title."""
    entries: TimelineFilter = query.filter
    parts = []
    if entries.rollup:
        parts.append(f"+{noun('contact', True)}")
    if entries.kinds:
        parts.append(", ".join(KINDS[k].plural.lower() for k in entries.kinds))
    if entries.status:
        parts.append(entries.status)
    if entries.date_from or entries.date_to:
        parts.append(f"{entries.date_from or '…'} to {entries.date_to or '…'}")
    return " · ".join(parts)


class Timeline(Offered, RecordList):
    ACTION_SCOPE = "timeline"
    """Newest first; scrolling fetches older pages. c completes, C cancels, r reopens."""

    BINDINGS = bindings("timeline")

    class FilterAsked(Message):
        def __init__(self, timeline: Timeline):
            super().__init__()
            self.timeline = timeline

    class FiltersChanged(Message):
        def __init__(self, timeline: "Timeline"):
            super().__init__()
            self.timeline = timeline

    def __init__(self, query: ListQuery, **kwargs):
        super().__init__(query, empty_text="Nothing here yet: a logs a call, task, email, appointment or note.",
                         **kwargs)

    def offered_type(self) -> str:
        return self.list_query.filter.regarding[0]

    def action_set_status(self, action: str) -> None:
        row = self.current_row
        if row is None:
            return
        activity_id, subject = row.id, row.cells[0].split(" ", 1)[-1]

        def done(_) -> None:
            verb = {"complete": "Completed", "cancel": "Canceled", "reopen": "Reopened"}[action]
            self.app.notify(f"{verb}: {subject}")
            self.reload(select_id=activity_id)

        def refused(error: ServiceError) -> None:
            message = getattr(error, "errors", {}).get("") or str(error)
            self.app.notify(message, severity="warning")

        db_call(self, activities.set_status, self.app.actor, activity_id, action, on_success=done, on_error=refused)

    def action_filter(self) -> None:
        self.post_message(self.FilterAsked(self))  # the screen opens the dialog: a widget opens none

    def action_toggle_rollup(self) -> None:
        self.apply(self.list_query.filtering(rollup=not self.list_query.filter.rollup))

    def apply(self, query: ListQuery) -> None:
        self.set_query(query)
        self.post_message(self.FiltersChanged(self))
