"""What every dialog shares: its own keys along the bottom line, not the screen's beneath."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from crm_tui.ui.styles import own_styles
from crm_tui.ui.widgets.key_bar import KeyBar

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose bottom line lists the keys that work in it (the focused field's and
    the dialog's), drawn over the keys of the screen beneath, which do not. Every dialog shares
    one sheet (styles/dialog.tcss): read once, when the first dialog opens."""

    CSS_PATH = own_styles(__name__)

    def on_mount(self) -> None:  # Textual runs this besides a dialog's own on_mount
        if not self.query(KeyBar):
            self.mount(KeyBar())
