"""An option list whose cursor stops at its ends, as every list of the app does."""

from __future__ import annotations

from textual.widgets import OptionList


class Choices(OptionList):
    """Textual's OptionList wraps: up on the first option went to the last, far from the eye."""

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def _step(self, direction: int) -> None:
        current = self.highlighted
        if current is None:
            super().action_cursor_down() if direction > 0 else super().action_cursor_up()
            return
        index = current + direction
        while 0 <= index < self.option_count and self.get_option_at_index(index).disabled:
            index += direction
        if 0 <= index < self.option_count:
            self.highlighted = index
