"""The record types down the left side; 1..9 pick them, so does a click."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from crm_tui.services.record_types import RECORD_TYPES
from crm_tui.services.system_views import MY_ACTIVITIES


def entries() -> tuple[tuple[str, str], ...]:
    """What the sidebar offers, in the order 1..9 picks them: the record types (by the names
    the organisation gave them), then My activities."""
    return (*((rt.key, rt.plural) for rt in RECORD_TYPES), (MY_ACTIVITIES, "Activities"))


class Sidebar(Vertical):
    class Picked(Message):
        def __init__(self, index: int):
            super().__init__()
            self.index = index

    def compose(self) -> ComposeResult:
        yield Static("Records", classes="sidebar-title")
        for number, (key, label) in enumerate(entries(), start=1):
            yield Static(f"{number} {label}", id=f"nav-{key}", classes="nav-item")

    def relabel(self) -> None:
        """Show the record types' names as they are configured now."""
        for number, (key, label) in enumerate(entries(), start=1):
            self.query_one(f"#nav-{key}", Static).update(f"{number} {label}")

    def mark(self, key: str) -> None:
        for item in self.query(".nav-item"):
            item.set_class(item.id == f"nav-{key}", "-current")

    def on_click(self, event) -> None:
        widget = event.widget
        if widget is not None and widget.has_class("nav-item"):
            keys = [key for key, _ in entries()]
            self.post_message(self.Picked(keys.index(widget.id.removeprefix("nav-"))))
