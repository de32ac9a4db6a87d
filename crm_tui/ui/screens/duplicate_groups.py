"""The duplicates across a whole record type, to work through: found by a background job with a
progress bar (every active rule, one ordered read of its index each), then listed a group a
line, largest first. Enter merges a group side by side; a merged group leaves the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, ProgressBar, Static

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import record_type
from crm_tui.services import duplicates, merge
from crm_tui.services.duplicates import Group
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.merge_dialog import MergeScreen
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import clip, option, plain
from crm_tui.ui.widgets.key_bar import KeyBar


def group_text(group: Group) -> str:
    rt = record_type(group.rule.record_type)
    text = f"{len(group.ids):>4} {lower_noun(rt.plural if len(group.ids) != 1 else rt.singular)}  “{group.value}”"
    if group.matching:
        other = record_type(group.rule.matching_type)
        count = len(group.matching)
        text += f" and {count} {lower_noun(other.plural if count != 1 else other.singular)}"
    return f"{text}  ·  {group.rule.name}"


class DuplicateGroupsScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("groups")

    def __init__(self, rt_key: str):
        super().__init__()
        self.rt = record_type(rt_key)
        self.groups: list[Group] = []
        self.finding = False
        self.title = f"Duplicate {lower_noun(self.rt.plural)}"

    def compose(self) -> ComposeResult:
        yield Static(plain(f"Duplicate {lower_noun(self.rt.plural)}"), id="groups-title", classes="title-bar")
        yield ProgressBar(total=1, show_eta=False, id="groups-progress")
        yield Static("", id="groups-status", classes="hint")
        yield OptionList(id="groups")
        yield Static("enter merges the group side by side · r finds again · esc back", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#groups", OptionList).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        if self.finding:
            return
        self.finding = True
        bar = self.query_one("#groups-progress", ProgressBar)
        bar.update(total=1, progress=0)
        bar.display = True
        self._status("Finding duplicates by the rules in force…")
        app = self.app

        def progress(done: int, total: int, rule: str) -> None:
            app.call_from_thread(self._progress, done, total, rule)

        # the first time, keys wait for the groups (enter typed at once opens the first, not nothing)
        db_call(self, duplicates.find, self.rt.key, progress, on_success=self._found, on_error=self._failed,
                holds_keys=not self.groups)

    def _progress(self, done: int, total: int, rule: str) -> None:
        self.query_one("#groups-progress", ProgressBar).update(total=max(total, 1), progress=done)
        if rule:
            self._status(f"Finding duplicates: {rule} ({done + 1} of {total})…")

    def _found(self, groups: list[Group]) -> None:
        self.finding = False
        self.groups = groups
        self.query_one("#groups-progress").display = False
        self._show()

    def _failed(self, error) -> None:
        self.finding = False
        self.query_one("#groups-progress").display = False
        self._status(f"Could not find them: {error}")

    def _show(self, highlighted: int = 0) -> None:
        options = self.query_one("#groups", OptionList)
        options.clear_options()
        width = max(20, self.app.size.width - 6)  # a group a line, never wrapped
        options.add_options([option(clip(group_text(g), width), id=str(n)) for n, g in enumerate(self.groups)])
        if self.groups:
            options.highlighted = min(highlighted, len(self.groups) - 1)
        records = sum(len(g.ids) for g in self.groups)
        self._status(f"{len(self.groups):,} group{'s' if len(self.groups) != 1 else ''} of possible duplicates, "
                     f"{records:,} {lower_noun(self.rt.plural)} in them, largest first" if self.groups else
                     f"No duplicate {lower_noun(self.rt.plural)} by the rules in force.")

    def _status(self, text: str) -> None:
        self.query_one("#groups-status", Static).update(plain(text))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id)
        group = self.groups[index]
        if len(group.ids) < 2:  # one record like others of another type (a lead whose company is an account)
            self.app.open_record(self.rt.key, group.ids[0])
            return

        def merged(done: bool | None) -> None:
            if done:
                del self.groups[index]
                self._show(index)
                self.notify(f"Merged: “{group.value}” is one {lower_noun(self.rt.singular)} now")

        db_call(self, merge.candidates, self.rt.key, list(group.ids), holds_keys=True,
                on_success=lambda found: self.app.push_screen(MergeScreen(self.rt.key, found), merged))

    def action_back(self) -> None:
        self.app.pop_screen()
