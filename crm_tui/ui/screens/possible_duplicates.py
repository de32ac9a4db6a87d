"""Asked before a save the duplicate rules question: the records it may already be, each with
the rule that says so. Open one, save anyway, or go back to the form with everything typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from crm_tui.core.types import noun
from crm_tui.services.errors import PossibleDuplicate
from crm_tui.ui.bindings import bindings
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import option, plain

SAVE = "save"


class PossibleDuplicatesScreen(Dialog[object]):
    """Returns SAVE, (record type, id) to open, or None to go back to editing."""

    BINDINGS = bindings("possible")

    def __init__(self, record_type: str, possible: list[PossibleDuplicate], creating: bool):
        super().__init__()
        self.record_type, self.possible, self.creating = record_type, possible, creating

    def compose(self) -> ComposeResult:
        count = len(self.possible)
        what = "This new" if self.creating else "This"
        with Vertical(classes="dialog possible-duplicates"):
            yield Static(plain(f"{what} {noun(self.record_type)} may already be in the CRM: "
                               f"{'a record matches' if count == 1 else f'{count} records match'} "
                               "the duplicate detection rules. Nothing is saved yet."), classes="dialog-text")
            yield OptionList(*(option(f"{p.label}{'  ·  ' + p.detail if p.detail else ''}"
                                      f"{'  (' + noun(p.record_type) + ')' if p.record_type != self.record_type else ''}"
                                      f"  —  {p.rule}", id=str(index))
                               for index, p in enumerate(self.possible)), id="possible-list")
            yield Static("enter opens it · ctrl+s saves anyway · esc back to editing", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#possible-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        found = self.possible[int(event.option.id)]
        self.dismiss((found.record_type, found.id))

    def action_save_anyway(self) -> None:
        self.dismiss(SAVE)

    def action_back(self) -> None:
        self.dismiss(None)
