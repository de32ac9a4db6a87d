"""The list of the current record type (find-as-you-type), or My activities.

Cases open as a queue: active ones by priority, oldest first; s shows those nearing or
past their SLA, most urgent first, with the time left kept live.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from crm_tui.core.list_types import FirstPage, ListQuery
from crm_tui.core.record_type import lower_noun, names_version
from crm_tui.core.types import definition
from crm_tui.services import system_views
from crm_tui.services.system_views import MY_ACTIVITIES
from crm_tui.ui.bindings import Offered, bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.key_bar import KeyBar
from crm_tui.ui.widgets.record_list import MarkableList, RecordList
from crm_tui.ui.widgets.sidebar import Sidebar, entries

if TYPE_CHECKING:
    from crm_tui.services.view_spec import ViewSpec

ALL = None  # the state "all" that v steps to last


def states_of(record_type: str) -> tuple[str | None, ...]:
    """The states `v` steps through, the first where a list starts (My activities: open ones only)."""
    return (ALL,) if record_type == MY_ACTIVITIES else (*definition(record_type).state_keys, ALL)


def state_label(record_type: str, state: str | None) -> str:
    return "All" if state is ALL or record_type == MY_ACTIVITIES else definition(record_type).state(state).label


def narrowings_of(record_type: str) -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    """What f narrows a list by: (label, "any" text, choices, the field it narrows)."""
    fields = [definition(record_type).field(name) for name in definition(record_type).narrowings]
    return tuple((spec.label, f"Any {spec.label.lower()}", spec.choices, spec.name) for spec in fields)


LIVE_SECONDS = 30  # how often a case list rereads its rows: the SLA time left stays true


class ListScreen(Offered, StylesKept, Screen):
    ACTION_SCOPE = "list"
    BINDINGS = bindings("list")
    CSS_PATH = own_styles(__name__)  # also read with the app's (ui/app.STYLE_FILES)

    def __init__(self, record_type: str = "account", first_page: FirstPage | None = None):
        super().__init__()
        self.first_page = first_page
        self._names_drawn = names_version()  # the organisation's words the key bar was drawn in
        self.record_type = record_type
        self.state: str | None = self._states[0]
        self.mine = False  # leads and opportunities: only the user's own
        self.narrowed: dict[str, str] = {}  # f's choices: field -> the value it must have (a lead's rating)
        self.sla_queue = False  # cases: only those nearing or past their SLA, most urgent first
        self.personal: ViewSpec | None = None  # one of the user's own views, shown instead
        self.personal_id: int | None = None

    @property
    def _states(self) -> tuple[str | None, ...]:
        return states_of(self.record_type)

    @property
    def label(self) -> str:
        return "My activities" if self.record_type == MY_ACTIVITIES else dict(entries())[self.record_type]

    def compose(self) -> ComposeResult:
        yield Static(id="list-title", classes="title-bar")
        with Horizontal():
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield Input(placeholder="/ find by the start of the name", id="find",
                            disabled=self.record_type == MY_ACTIVITIES)
                yield MarkableList(self._query(""), empty_text=self._empty_text(), first_page=self.first_page,
                                   id="records")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Sidebar).mark(self.record_type)
        self.query_one(RecordList).focus()
        # A first page read ahead has its count: the first frame shows it (not "…" then a second frame).
        self._title(self.records.total)
        self.set_interval(LIVE_SECONDS, self._keep_live)

    def _keep_live(self) -> None:
        if self.record_type == "case" and self.is_current:
            self.records.reload(select_id=self.records.current_id)

    def on_screen_resume(self) -> None:
        if self.first_page is not None:  # the very first showing: its rows are fresh
            self.first_page = None
            return
        self.query_one(Sidebar).relabel()  # the names may have been changed in the settings
        if self._names_drawn != names_version():  # renamed in the settings: the key bar says so
            self._names_drawn = names_version()
            self.refresh_bindings()
        records = self.query_one(RecordList)
        records.reload(select_id=records.current_id, keep_rows=True)  # as it was until the new rows come
        self._title(records.total)  # and its count, kept with the rows: not "…" for a frame, then the count

    @property
    def records(self) -> RecordList:
        return self.query_one(RecordList)

    def _query(self, find: str) -> ListQuery:
        if self.personal is not None:
            return ListQuery(self.record_type, state=None, find=find, view=self.personal)
        query = system_views.list_query(self.record_type, self.state, self.mine, self.sla_queue, self.app.actor_id, find)
        return query.narrowing(self.narrowed)

    def _source_of(self, find: str) -> str:
        return self._query(find).record_type

    def _empty_text(self) -> str:
        if self.record_type == MY_ACTIVITIES:
            return "No open activities of yours. On any record, a logs one."
        find = self.query_one("#find", Input).value if self.is_mounted else ""
        if find:
            return f"No {lower_noun(self.label)} start with “{find}”. Escape clears the find."
        if self.personal is not None:
            return "No rows in this view. w changes the view."
        if self.sla_queue:
            return f"Nothing active is near or past its SLA. s shows all {lower_noun(self.label)}."
        if self._narrowed():
            return f"No {lower_noun(self.label)} here: {self._narrowed()}. m and f change that."
        return f"No {state_label(self.record_type, self.state).lower()} {lower_noun(self.label)}. Press n to create one."

    def _narrowed(self, with_mine: bool = True) -> str:
        """What m and f narrow the list to, in words ("mine, rating Hot"), in the field labels in use."""
        parts = ["mine"] if self.mine and with_mine else []
        parts += [f"{label.lower()} {self.narrowed[name]}" for label, _any, _choices, name in narrowings_of(self.record_type)
                  if self.narrowed.get(name)]
        return ", ".join(parts)

    def view_title(self) -> str:
        """The name of what the list shows: a personal or system view, or its state and narrowing."""
        if self.personal is not None:
            return self.personal.name
        view = system_views.matching_view(self.record_type, self.state, self.mine, self.sla_queue)
        if view is not None:
            return view.title(self.record_type)
        return f"{'My ' if self.mine else ''}{state_label(self.record_type, self.state)} {self.label}"

    def _title(self, total: int | None = None) -> None:
        count = "…" if total is None else f"{total:,}"
        self.title = self.label
        if self.record_type == MY_ACTIVITIES:
            text = f"My activities · open · {count} · overdue first, then today, then later"
        else:
            find = self.query_one("#find", Input).value
            suffix = f" · starting with “{find}”" if find else ""
            narrowing = self._narrowed(with_mine=False)  # the view's title says "My" already
            narrowed = f" · {narrowing}" if narrowing and self.personal is None else ""
            order = " · by priority, oldest first" if self._source_of(find) == "case_queue" else ""
            order = " · most urgent first" if self.sla_queue and self.personal is None else order
            text = f"{self.view_title()} · {count}{order}{narrowed}{suffix}"
            if marked := self.records.marked_count:
                text += f" · {marked:,} marked (b changes them)"
            if updated := getattr(self, "_updated", None):
                text += f" · updated {updated}"
        if getattr(self.app, "read_only", False):
            text += " · read-only database"
        if text != getattr(self, "_title_shown", None):  # the same title again: no new layout and frame
            self._title_shown = text
            self.query_one("#list-title", Static).update(plain(text))

    def offered_type(self) -> str:
        return self.record_type

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "filter" and self.personal is not None:
            return False  # a personal view's own conditions say which rows
        if action == "find" and self.focused is self.query_one("#find"):
            return False  # "/" typed into the find field is just a character
        return True

    def _refresh_query(self, select_id: int | None = None) -> None:
        self._live_reading = False  # the rows asked for now are the user's doing, not a colleague's
        records = self.records
        records.empty_text = self._empty_text()
        records.set_query(self._query(self.query_one("#find", Input).value), select_id=select_id)
        self._title()

    def on_record_list_loaded(self, event: RecordList.Loaded) -> None:
        if self._live_reading and event.control is self.records:
            self._live_reading = False
            if event.changed:  # "updated" only when the rows in sight or the count did change
                from crm_tui.core.clock import utcnow
                from crm_tui.core.fields import to_local

                self._updated = f"{to_local(utcnow()):%H:%M:%S}"
        self._title(event.total)

    _live_reading = False

    def live_refresh(self) -> None:
        """Something was written (by a colleague, or by us: a record opened is written to the recent
        list): the rows read again where the cursor is, and the title says so if they changed."""
        self._live_reading = True
        self.records.reload(select_id=self.records.current_id, keep_rows=True)

    def on_record_list_marks_changed(self, event: RecordList.MarksChanged) -> None:
        self._title(self.records.total)

    def action_queues(self) -> None:
        from crm_tui.services import queues
        from crm_tui.ui.screens.queues_screen import QueuesScreen

        db_call(self, queues.queues, holds_keys=True, on_success=lambda found: self.app.push_screen(QueuesScreen(found)))

    def action_duplicates(self) -> None:
        from crm_tui.ui.screens.duplicate_groups import DuplicateGroupsScreen

        self.app.push_screen(DuplicateGroupsScreen(self.record_type))

    def action_bulk(self) -> None:
        from crm_tui.ui.screens.bulk_dialog import BulkScreen

        records = self.records
        if records.marked_count:
            marked = None if records.all_marked else list(records.marked)
            excluded = frozenset(records.excluded)
        elif (row := records.current_row) is not None:  # nothing marked: the row under the cursor
            marked, excluded = [row.id], frozenset()
        else:
            return

        def closed(changed: bool | None) -> None:
            if changed:
                records.clear_marks()
                records.reload()

        count = records.marked_count or 1
        self.app.push_screen(BulkScreen(self.record_type, records.list_query, marked, excluded, count), closed)

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.app.open_record(event.record_type, event.record_id)

    def on_sidebar_picked(self, event: Sidebar.Picked) -> None:
        self.action_switch(event.index)

    # -- actions ---------------------------------------------------------------------
    def action_switch(self, index: int) -> None:
        self.show_type(entries()[index][0])  # a key per sidebar entry: every index is one

    def show_type(self, record_type: str) -> None:
        if record_type != self.record_type:
            self.state = states_of(record_type)[0]
            self.mine, self.narrowed = False, {}
            self.sla_queue = False
            self.personal, self.personal_id = None, None
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
        self.sla_queue, self.personal = False, None
        states = self._states
        self.state = states[(states.index(self.state) + 1) % len(states)]
        self._refresh_query()

    def action_toggle_mine(self) -> None:
        self.mine, self.personal = not self.mine, None
        self._refresh_query()

    def action_filter(self) -> None:
        from crm_tui.ui.screens.list_filter import ListFilterScreen, Narrowing

        narrowings = narrowings_of(self.record_type)

        def chosen(choice: tuple[str | None, ...] | None) -> None:
            if choice is not None:
                self.narrowed = {name: value for (_label, _any, _choices, name), value in zip(narrowings, choice)
                                 if value}
                self._refresh_query()

        title = f"{self.label} by " + " and ".join(label.lower() for label, *_ in narrowings)
        self.app.push_screen(ListFilterScreen(title, tuple(
            Narrowing(label, any_text, choices, self.narrowed.get(name))
            for label, any_text, choices, name in narrowings)), chosen)

    def action_sla_queue(self) -> None:
        self.sla_queue, self.personal = not self.sla_queue, None
        self._refresh_query()

    def action_views(self) -> None:
        from crm_tui.services.view_spec import spec_of_list
        from crm_tui.ui.screens.views_menu import ViewChoice, ViewsScreen

        def chosen(choice: ViewChoice | None) -> None:
            if choice is None:
                return
            if choice.spec is not None:
                self.personal, self.personal_id = choice.spec, choice.view_id
            else:
                view = next(v for v in system_views.system_views(self.record_type) if v.key == choice.system_key)
                self.personal, self.personal_id = None, None
                self.state, self.mine, self.sla_queue = view.state, view.mine, view.sla_queue
                self.narrowed = {}
            self._refresh_query()

        if self.personal is not None:
            current, base = f"my:{self.personal_id}", replace(self.personal, name="")
        else:
            view = system_views.matching_view(self.record_type, self.state, self.mine, self.sla_queue)
            current, base = f"sys:{view.key if view else ''}", None
        if base is None and self.record_type != MY_ACTIVITIES:
            base = spec_of_list(self.record_type, self.state, self.app.actor.display_name if self.mine else None,
                                self.narrowed)
        self.app.push_screen(ViewsScreen(self.record_type, current, base), chosen)

    def action_export(self) -> None:
        from pathlib import Path

        from crm_tui.services import export
        from crm_tui.ui.screens.dialogs import TextPromptScreen

        title = self.view_title()
        find = self.query_one("#find", Input).value
        what = (export.Shown.of_view(self.personal, find) if self.personal is not None
                else export.Shown.of_list(title, self._query(find)))
        count = self.records.total

        def chosen(path: str | None) -> None:
            if not path or not path.strip():
                return
            db_call(self, export.to_file, what, path.strip(),
                    on_success=lambda done: self.notify(f"Exported {done.rows:,} rows of “{title}” to {done.path}"),
                    on_error=lambda error: self.notify(str(error), title="Not exported", severity="error"))

        rows = "" if count is None else f" ({count:,} rows)"
        self.app.push_screen(TextPromptScreen(
            f"Export “{title}”{rows} as shown, to the file (.json for JSON, else CSV):",
            str(Path.cwd() / export.suggested_file(title))), chosen)

    def action_import(self) -> None:
        from pathlib import Path

        from crm_tui.core.types import record_type
        from crm_tui.services import importing
        from crm_tui.ui.screens.dialogs import TextPromptScreen
        from crm_tui.ui.screens.import_dialog import ImportScreen

        rt_key = self.record_type
        plural = record_type(rt_key).plural

        def imported(done: bool | None) -> None:
            if done:
                self.records.reload()

        def chosen(path: str | None) -> None:
            if not path or not path.strip():
                return
            db_call(self, importing.preview, rt_key, path.strip(),
                    on_success=lambda found: self.app.push_screen(ImportScreen(rt_key, found), imported),
                    on_error=lambda error: self.notify(str(error), title="Not imported", severity="error"),
                    holds_keys=True)  # keys typed meanwhile go to the dialog

        cards = ", a .vcf file or a folder of them" if rt_key == "contact" else ""
        self.app.push_screen(TextPromptScreen(f"Import {plural} from a CSV file{cards}:", f"{Path.cwd()}/"), chosen)

    def action_dashboard(self) -> None:
        self.app.open_dashboard()

    def action_pipeline(self) -> None:
        self.app.open_pipeline(self.deal_in_sight())

    def deal_in_sight(self) -> int | None:
        return self.records.current_id if self.record_type == "opportunity" else None

    def action_go_regarding(self) -> None:
        from crm_tui.services import activities

        activity_id = self.records.current_id
        if activity_id is not None:
            db_call(self, activities.regarding_of, activity_id,
                    on_success=lambda regarding: self.app.open_record(*regarding))

    def action_tree(self) -> None:
        if self.record_type != "account" or self.records.current_id is None:
            self.notify(f"Select one of the {lower_noun(self.label)} to see its hierarchy", severity="warning")
            return
        self.app.open_hierarchy(self.records.current_id)
