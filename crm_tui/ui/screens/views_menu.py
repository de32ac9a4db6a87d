"""Choose a list's view: the system views, then the user's own (new, edit, rename, delete)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from crm_tui.services import views
from crm_tui.services.view_spec import ViewSpec
from crm_tui.ui.bindings import Offered, bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import heading_option, option
from crm_tui.ui.widgets.choices import Choices


@dataclass(frozen=True)
class ViewChoice:
    system_key: str | None = None  # a system view, by its key
    view_id: int | None = None  # or a personal view
    spec: ViewSpec | None = None


class ViewsScreen(Offered, Dialog[ViewChoice | None]):
    ACTION_SCOPE = "views"
    BINDINGS = bindings("views")

    def __init__(self, record_type: str, current: str, base: ViewSpec | None):
        super().__init__()
        self.record_type = record_type
        self.current = current  # the option id of the view shown now
        self.base = base  # what a new view starts from
        self.personal: dict[int, ViewSpec] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker views"):
            yield Static("Views", classes="dialog-title")
            yield Choices(id="views-list")
            yield Static("enter show · n new · e edit · r rename · d delete · esc close",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load()

    def _load(self, highlight: str | None = None) -> None:
        db_call(self, views.personal_views, self.app.actor, self.record_type,
                on_success=lambda rows: self._show(rows, highlight or self.current))

    def _show(self, rows: list[tuple[int, ViewSpec]], highlight: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_option(heading_option("System views"))
        for view in views.system_views(self.record_type):
            options.add_option(option(f"  {view.title(self.record_type)}", id=f"sys:{view.key}"))
        self.personal = dict(rows)
        if self.record_type != views.MY_ACTIVITIES:
            options.add_option(heading_option("My views"))
            if not rows:
                options.add_option(option("  (none yet: n makes one from this list)", disabled=True))
            for view_id, spec in rows:
                options.add_option(option(f"  {spec.name}", id=f"my:{view_id}"))
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index(highlight) if highlight in ids else 1

    def _highlighted_personal(self) -> int | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        return int(option_id[3:]) if option_id.startswith("my:") else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, key = (event.option.id or "").partition(":")
        if kind == "sys":
            self.dismiss(ViewChoice(system_key=key))
        elif kind == "my":
            self.dismiss(ViewChoice(view_id=int(key), spec=self.personal[int(key)]))

    def offered_type(self) -> str:
        return self.record_type

    def _mine_only(self) -> int | None:
        view_id = self._highlighted_personal()
        if view_id is None:
            self.notify("Choose one of your views (under My views) first", severity="warning")
        return view_id

    def action_new(self) -> None:
        self._edit(None, self.base)

    def action_edit(self) -> None:
        if (view_id := self._mine_only()) is not None:
            self._edit(view_id, self.personal[view_id])

    def _edit(self, view_id: int | None, spec: ViewSpec | None) -> None:
        from crm_tui.ui.screens.view_editor import ViewEditorScreen

        def saved(result: tuple[int, ViewSpec] | None) -> None:
            if result is not None:
                self.dismiss(ViewChoice(view_id=result[0], spec=result[1]))

        self.app.push_screen(ViewEditorScreen(self.record_type, spec, view_id), saved)

    def action_rename(self) -> None:
        from crm_tui.ui.screens.dialogs import TextPromptScreen

        view_id = self._mine_only()
        if view_id is None:
            return

        def named(name: str | None) -> None:
            if name is not None:
                db_call(self, views.rename, self.app.actor, view_id, name,
                        on_success=lambda _spec: self._load(f"my:{view_id}"))

        self.app.push_screen(TextPromptScreen("New name for the view", self.personal[view_id].name), named)

    def action_delete(self) -> None:
        from crm_tui.ui.screens.dialogs import ConfirmScreen

        view_id = self._mine_only()
        if view_id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                db_call(self, views.delete, self.app.actor, view_id, on_success=lambda _none: self._load())

        name = self.personal[view_id].name
        self.app.push_screen(ConfirmScreen(f"Delete the view “{name}”? Its records stay.", "Delete", danger=True),
                             answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
