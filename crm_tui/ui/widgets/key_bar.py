"""The keys of the current screen along the bottom line, drawn as one widget.

Textual's Footer is a widget per key, rebuilt whenever the keys change (every focus move): on a
record screen that was a tenth of the cost of opening it. This draws the same line (the keys
with show=True, in the user's key names, the palette key on the right) as text, and a click on a
key runs its action, as the Footer's keys do.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

from crm_tui.ui.bindings import label


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--disabled {
        color: $text-disabled;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str, object]] = []  # (from x, to x, action, node)
        self._drawn: tuple | None = None  # the _shape() of the line last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_next(self._redraw_if_changed)  # told before the move is done: look after it

    def _redraw_if_changed(self) -> None:
        # Told at every focus move; most leave the keys as they were: then nothing to redraw.
        if self.is_attached and self._shape(*self._keys()) != self._drawn:
            self.refresh()

    @staticmethod
    def _shape(shown: list, palette) -> tuple:
        """What the line shows: each key's action, display, description and whether it is enabled."""
        keys = tuple((b.action, b.key, b.key_display, label(b), enabled) for _node, b, enabled in shown)
        if palette is not None:
            keys += (("palette", palette[1].key, palette[1].description, palette[2]),)
        return keys

    def _keys(self) -> tuple[list, object | None]:
        """The keys to show, one per action (the first key bound to it), and the palette's."""
        active = self.screen.active_bindings
        shown, actions = [], set()
        for node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append((node, binding, enabled))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled_style = self.get_component_rich_style("key-bar--disabled")
        shown, palette = self._keys()
        self._drawn = self._shape(shown, palette)
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []

        def width_of(binding) -> int:
            return cell_len(self.app.get_key_display(binding)) + cell_len(label(binding)) + 3

        def add(node, binding, enabled) -> None:
            start = line.cell_len
            line.append(f" {self.app.get_key_display(binding)}", disabled_style if not enabled else key_style)
            line.append(f" {label(binding)} ", disabled_style if not enabled else description_style)
            if enabled:
                self._spans.append((start, line.cell_len, binding.action, node))

        # Whole keys only, as many as fit beside the palette's (the way to every other): a key cut
        # in half read as a stray letter ("^p paletteh").
        room = self.size.width - (width_of(palette[1]) if palette is not None else 0)
        for node, binding, enabled in shown:
            if line.cell_len + width_of(binding) > room:
                break
            add(node, binding, enabled)
        if palette is not None and self.size.width >= width_of(palette[1]):
            node, binding, enabled, _tooltip = palette
            line.append(" " * (room - line.cell_len))
            add(node, binding, enabled)
        return line

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
