"""A record's history, from the audit: when, who, which field, from what to what, newest first;
with what happened to its linked records, each named. Narrowed by field and by user; read a
page at a time as the cursor goes down."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Select, Static

from crm_tui.core.fields import to_local
from crm_tui.core.types import definition
from crm_tui.services import history
from crm_tui.services.history import HistoryPage
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import clip, plain, rich_plain
from crm_tui.ui.widgets.key_bar import KeyBar

COLUMNS = (("When", 16), ("Who", 12), ("Record", 22), ("Action", 10), ("Field", 16), ("Old", 18), ("New", 18))
AHEAD = 10  # rows from the end at which the next page is read


class HistoryScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("history")

    def __init__(self, record_type: str, record_id: int, title: str):
        super().__init__()
        self.record_type, self.record_id, self.record_title = record_type, record_id, title
        self.after = None
        self.reading = False
        self.generation = 0
        self.title = "History"

    def compose(self) -> ComposeResult:
        rt = definition(self.record_type)
        yield Static(plain(f"History · {rt.singular} {self.record_title}"), id="history-title", classes="title-bar")
        with Horizontal(id="history-filters"):
            yield Select([], prompt="every field", id="history-field", compact=True)
            yield Select([], prompt="everyone", id="history-user", compact=True)
            yield Checkbox("linked records too", True, id="history-linked", compact=True)
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=False)
        yield Static("f a field · u a user · r linked records or not · esc back", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        table.focus()
        db_call(self, lambda: (history.fields_changed(self.record_type, self.record_id),
                               history.users_of(self.record_type, self.record_id)), on_success=self._choices)
        self._read(first=True)

    def _choices(self, found) -> None:
        fields, users = found
        self.query_one("#history-field", Select).set_options([(label, name) for name, label in fields])
        self.query_one("#history-user", Select).set_options([(name, uid) for uid, name in users])

    def _filters(self) -> dict:
        field = self.query_one("#history-field", Select).value
        user = self.query_one("#history-user", Select).value
        return {"field": None if field is Select.NULL else str(field),
                "user_id": None if user is Select.NULL else int(user),
                "related": self.query_one("#history-linked", Checkbox).value}

    def _read(self, first: bool = False) -> None:
        if self.reading and not first:
            return
        if first:
            self.generation += 1
            self.after = None
            self.query_one(DataTable).clear()
        self.reading = True
        generation, after, filters = self.generation, self.after, self._filters()
        db_call(self, lambda: history.page(self.record_type, self.record_id, **filters, after=after),
                on_success=lambda page: self._show(generation, page), holds_keys=first)

    def _show(self, generation: int, page: HistoryPage) -> None:
        if generation != self.generation:
            return  # a filter changed while it was read
        self.reading = False
        self.after = page.after
        table = self.query_one(DataTable)
        for change in page.changes:
            cells = (f"{to_local(change.at):%Y-%m-%d %H:%M}", change.user, change.record, change.action, change.field,
                     change.old or "", change.new or "")
            table.add_row(*(rich_plain(clip(str(value), width)) for value, (_label, width) in zip(cells, COLUMNS)),
                          key=str(change.id))
        if not table.row_count:
            table.add_row(*(rich_plain(text) for text in ("Nothing changed yet", "", "", "", "", "", "")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(DataTable)
        if self.after is not None and event.cursor_row >= table.row_count - AHEAD:
            self._read()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._read(first=True)
        self.query_one(DataTable).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._read(first=True)

    def action_by_field(self) -> None:
        self.query_one("#history-field", Select).focus()

    def action_by_user(self) -> None:
        self.query_one("#history-user", Select).focus()

    def action_linked(self) -> None:
        box = self.query_one("#history-linked", Checkbox)
        box.value = not box.value

    def action_back(self) -> None:
        self.app.pop_screen()
