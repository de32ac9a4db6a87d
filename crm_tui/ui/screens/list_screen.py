"""The list of the current record type (find-as-you-type), or My activities."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from crm_tui.services import activities, listing
from crm_tui.services.listing import ListQuery
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.record_list import RecordList
from crm_tui.ui.widgets.sidebar import ENTRIES, Sidebar

MY_ACTIVITIES = "my_activities"
CUSTOMER_ONLY = {"find", "new", "cycle_state", "tree"}

STATES = ("active", "inactive", None)
STATE_LABELS = {"active": "Active", "inactive": "Inactive", None: "All"}


class ListScreen(Screen):
    BINDINGS = [
        *[Binding(str(n), f"switch({n - 1})", f"Go to record type {n}", show=False, id=f"list.type{n}")
          for n in range(1, 10)],
        # Priority: the focus moves before the next key is read, so fast typing lands in the field.
        Binding("slash", "find", "Find", id="list.find", priority=True),
        Binding("n", "new", "New", id="list.new"),
        Binding("v", "cycle_state", "Active/Inactive/All", id="list.state"),
        Binding("q", "app.quit_app", "Quit", id="list.quit"),
        Binding("t", "tree", "Hierarchy", id="list.tree"),
        Binding("g", "go_regarding", "Go to record", id="list.go_regarding"),
        Binding("escape", "clear_find", "Clear find", show=False, id="list.clear_find"),
    ]

    def __init__(self, record_type: str = "account", first_page: listing.FirstPage | None = None):
        super().__init__()
        self.first_page = first_page
        self.record_type = record_type
        self.state: str | None = "active"

    @property
    def label(self) -> str:
        return "My activities" if self.record_type == MY_ACTIVITIES else dict(ENTRIES)[self.record_type]

    def compose(self) -> ComposeResult:
        yield Static(id="list-title", classes="title-bar")
        with Horizontal():
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield Input(placeholder="/ find by the start of the name", id="find",
                            disabled=self.record_type == MY_ACTIVITIES)
                yield RecordList(self._query(""), empty_text=self._empty_text(), first_page=self.first_page,
                                 id="records")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Sidebar).mark(self.record_type)
        self.query_one(RecordList).focus()
        self._title()

    def on_screen_resume(self) -> None:
        if self.first_page is not None:  # the very first showing: its rows are fresh
            self.first_page = None
            return
        records = self.query_one(RecordList)
        records.reload(select_id=records.current_id)

    @property
    def records(self) -> RecordList:
        return self.query_one(RecordList)

    def _query(self, find: str) -> ListQuery:
        if self.record_type == MY_ACTIVITIES:
            return ListQuery(MY_ACTIVITIES, owner_id=self.app.actor.id, today=dt.date.today())
        return ListQuery(self.record_type, state=self.state, find=find)

    def _empty_text(self) -> str:
        if self.record_type == MY_ACTIVITIES:
            return "No open activities of yours. On any record, a logs one."
        find = self.query_one("#find", Input).value if self.is_mounted else ""
        if find:
            return f"No {self.label.lower()} start with “{find}”. Escape clears the find."
        return f"No {STATE_LABELS[self.state].lower()} {self.label.lower()}. Press n to create one."

    def _title(self, total: int | None = None) -> None:
        count = "…" if total is None else f"{total:,}"
        self.title = self.label
        if self.record_type == MY_ACTIVITIES:
            text = f"My activities · open · {count} · overdue first, then today, then later"
        else:
            find = self.query_one("#find", Input).value
            suffix = f" · starting with “{find}”" if find else ""
            text = f"{self.label} · {STATE_LABELS[self.state]} · {count}{suffix}"
        self.query_one("#list-title", Static).update(plain(text))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in CUSTOMER_ONLY and self.record_type == MY_ACTIVITIES:
            return False
        if action == "go_regarding" and self.record_type != MY_ACTIVITIES:
            return False
        if action == "find" and self.focused is self.query_one("#find"):
            return False  # "/" typed into the find field is just a character
        return True

    def _refresh_query(self, select_id: int | None = None) -> None:
        records = self.records
        records.empty_text = self._empty_text()
        records.set_query(self._query(self.query_one("#find", Input).value), select_id=select_id)
        self._title()

    def on_record_list_loaded(self, event: RecordList.Loaded) -> None:
        self._title(event.total)

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.app.open_record(event.record_type, event.record_id)

    def on_sidebar_picked(self, event: Sidebar.Picked) -> None:
        self.action_switch(event.index)

    # -- actions ---------------------------------------------------------------------
    def action_switch(self, index: int) -> None:
        if index >= len(ENTRIES):
            self.notify(f"There is nothing at {index + 1} in the sidebar", severity="warning")
            return
        self.show_type(ENTRIES[index][0])

    def show_type(self, record_type: str) -> None:
        self.record_type = record_type
        self.query_one(Sidebar).mark(record_type)
        find = self.query_one("#find", Input)
        find.value = ""
        find.disabled = record_type == MY_ACTIVITIES
        self._refresh_query()
        self.refresh_bindings()
        self.records.focus()

    def action_find(self) -> None:
        # Focus now, not after a refresh: keys typed right after / must land in the field.
        self.set_focus(self.query_one("#find", Input))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "find":
            self._refresh_query()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "find":
            self.records.focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#find"):
            self.records.focus()
            event.stop()

    def action_clear_find(self) -> None:
        find = self.query_one("#find", Input)
        self.records.focus()
        if find.value:
            find.value = ""
            self._refresh_query()

    def action_new(self) -> None:
        self.app.new_record(self.record_type)

    def action_cycle_state(self) -> None:
        self.state = STATES[(STATES.index(self.state) + 1) % len(STATES)]
        self._refresh_query()

    def action_go_regarding(self) -> None:
        activity_id = self.records.current_id
        if activity_id is not None:
            db_call(self, activities.regarding_of, activity_id,
                    on_success=lambda regarding: self.app.open_record(*regarding))

    def action_tree(self) -> None:
        if self.record_type != "account" or self.records.current_id is None:
            self.notify("Select an account to see its hierarchy", severity="warning")
            return
        self.app.open_hierarchy(self.records.current_id)
