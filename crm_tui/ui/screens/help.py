"""Every key of the current screen, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea

from crm_tui.ui.styles import style_path
from crm_tui.ui.text import plain


def binding_lines(screen: Screen) -> list[tuple[str, str]]:
    """(keys, description) for every binding active on a screen; keys of one action merged.

    A text field's own editing keys are left out: they are the usual ones everywhere.
    """
    merged: dict[str, list[str]] = {}
    # The screen's own keys first, then the focused widget's, then the app's, then the generic ones.
    own = {binding.key for binding in getattr(type(screen), "BINDINGS", []) if isinstance(binding, Binding)}

    def rank(item) -> int:
        key, active = item
        if active.node is screen:
            return 0 if any(key in k.split(",") for k in own) else 3
        return 2 if active.node is screen.app else 1

    ordered = sorted(screen.active_bindings.items(), key=rank)
    for key, active in ordered:
        if isinstance(active.node, (Input, TextArea)):
            continue
        binding = active.binding
        description = binding.description or binding.action.replace("_", " ")
        description = description[:1].upper() + description[1:]
        label = screen.app.get_key_display(Binding(key, ""))
        keys = merged.setdefault(description, [])
        if label not in keys:
            keys.append(label)
    return [(" / ".join(keys), description) for description, keys in merged.items()]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")]

    def __init__(self, title: str, lines: list[tuple[str, str]], extra: str = ""):
        super().__init__()
        self.help_title = title
        self.lines = lines
        self.extra = extra

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.lines), default=4) + 2
        text = "\n".join(f"{keys:<{width}}{description}" for keys, description in self.lines)
        with Vertical(classes="dialog help"):
            yield Static(plain(f"Keys — {self.help_title}"), classes="dialog-title")
            with VerticalScroll():
                yield Static(plain(text), id="help-keys")
                if self.extra:
                    yield Static(plain(self.extra), id="help-extra")
            yield Static("esc close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
