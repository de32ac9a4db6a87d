"""The record types down the left side; 1..8 pick them, so does a click.

One widget drawing its lines, not a widget per line: the first frame styles and lays out
ten fewer widgets (about 3 ms of launch)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from crm_tui.core.types import RECORD_TYPES
from crm_tui.services.system_views import MY_ACTIVITIES
from crm_tui.ui.widgets.line_styles import CachedLineStyles

TITLE = "Records"


def entries() -> tuple[tuple[str, str], ...]:
    """What the sidebar offers, in the order 1..8 picks them: the record types (by the names
    the organisation gave them), then My activities."""
    return (*((rt.key, rt.plural) for rt in RECORD_TYPES), (MY_ACTIVITIES, "Activities"))


class Sidebar(CachedLineStyles, Widget):
    DEFAULT_CSS = """
    Sidebar {
        width: 17;
        height: 100%;
        background: $panel;
        padding: 0 0;
    }
    Sidebar > .sidebar--title {
        color: $text-muted;
        text-style: bold;
    }
    Sidebar > .sidebar--hover {
        background: $boost;
    }
    Sidebar > .sidebar--current {
        background: $accent 30%;
        text-style: bold;
    }
    /* NO_COLOR: greys alone may not tell the current record type from the others. */
    Sidebar:nocolor > .sidebar--current {
        text-style: bold reverse;
    }
    """
    COMPONENT_CLASSES = {"sidebar--title", "sidebar--current", "sidebar--hover"}

    current: reactive[str] = reactive("")
    hovered: reactive[int] = reactive(-1)  # the entry under the mouse

    class Picked(Message):
        def __init__(self, index: int):
            super().__init__()
            self.index = index

    def _resolve_line_styles(self) -> dict[str, Style]:
        base = self.rich_style
        return {"": base, **{name: base + self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}}

    def render_line(self, y: int) -> Strip:
        width, styles, listed = self.size.width, self._styles(), entries()
        if y == 0:
            return _strip(f" {TITLE}", width, styles["sidebar--title"])
        if not 0 < y <= len(listed):
            return _strip("", width, styles[""])
        index = y - 1
        key, label = listed[index]
        state = "sidebar--current" if key == self.current else "sidebar--hover" if index == self.hovered else ""
        return _strip(f" {y} {label}", width, styles[state])  # names are the settings' (plain text, no markup)

    def lines(self) -> list[str]:
        """The text of each line, as shown."""
        return [self.render_line(y).text.rstrip() for y in range(len(entries()) + 1)]

    def mark(self, key: str) -> None:
        self.current = key

    def relabel(self) -> None:
        """Show the record types' names as they are configured now (a repaint only if they changed)."""
        if entries() != getattr(self, "_labels", None):
            self._labels = entries()
            self.refresh()

    def _entry_at(self, y: int) -> int | None:
        index = y - 1  # the title is the first line
        return index if 0 <= index < len(entries()) else None

    def on_click(self, event: events.Click) -> None:
        index = self._entry_at(event.y)
        if index is not None:
            self.post_message(self.Picked(index))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._entry_at(event.y)
        self.hovered = -1 if index is None else index

    def on_leave(self, _event: events.Leave) -> None:
        self.hovered = -1


def _strip(text: str, width: int, style: Style) -> Strip:
    return Strip([Segment(text.ljust(width)[:width], style)], width)
