"""Recent and pinned records: the user's pinned ones first, then the last ones they opened;
enter opens one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from crm_tui.services.recent import Entry
from crm_tui.ui.bindings import bindings
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import heading_option, option


class RecentScreen(Dialog[tuple[str, int] | None]):
    """Returns (record type, id) to open, or None."""

    BINDINGS = bindings("recent")

    def __init__(self, pinned: list[Entry], recent: list[Entry]):
        super().__init__()
        self.entries: dict[str, Entry] = {}
        self.pinned, self.recent = pinned, recent

    def compose(self) -> ComposeResult:
        options = []
        for heading, entries, prefix in (("Pinned", self.pinned, "p"), ("Recent", self.recent, "r")):
            if entries:
                options.append(heading_option(heading))
            for n, entry in enumerate(entries):
                key = f"{prefix}{n}"
                self.entries[key] = entry
                options.append(option(f"{'★ ' if entry.pinned else '  '}{entry.title}", id=key))
        with Vertical(classes="dialog recent"):
            yield Static("Recent and pinned records", classes="dialog-title")
            if options:
                yield OptionList(*options, id="recent-list")
            else:
                yield Static("Nothing yet: the records you open show here, and those you pin with * stay on top.",
                             classes="dialog-text")
            yield Static("enter opens · * on a record pins it · esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.query("#recent-list"):
            listing = self.query_one("#recent-list", OptionList)
            listing.focus()
            first = next((n for n in range(listing.option_count) if not listing.get_option_at_index(n).disabled), 0)
            listing.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[event.option.id]
        self.dismiss((entry.record_type, entry.id))

    def action_close(self) -> None:
        self.dismiss(None)
