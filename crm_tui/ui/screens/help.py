"""Every key of the current screen, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from crm_tui.ui.bindings import bindings, label
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import plain


def binding_lines(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, binding ids) for every binding active on a screen; keys of one action merged.

    A text field's own editing keys are left out: they are the usual ones everywhere. The ids
    are what the settings file's [keys] table remaps.
    """
    merged: dict[str, tuple[list[str], list[str]]] = {}
    # The screen's own keys first, then the focused widget's, then the app's, then the generic ones.
    own = {binding.id for binding in getattr(type(screen), "BINDINGS", []) if isinstance(binding, Binding)}

    def rank(item) -> int:
        _key, active = item
        if active.node is screen:
            return 0 if active.binding.id in own else 3
        return 2 if active.node is screen.app else 1

    ordered = sorted(screen.active_bindings.items(), key=rank)
    for key, active in ordered:
        if isinstance(active.node, (Input, TextArea)):
            continue
        binding = active.binding
        description = label(binding) or binding.action.replace("_", " ")
        description = description[:1].upper() + description[1:]
        shown = screen.app.get_key_display(Binding(key, ""))
        keys, ids = merged.setdefault(description, ([], []))
        if shown not in keys:
            keys.append(shown)
        if binding.id and binding.id not in ids:
            ids.append(binding.id)
    return [(" / ".join(keys), description, ", ".join(ids)) for description, (keys, ids) in merged.items()]


class HelpScreen(Dialog[None]):
    BINDINGS = bindings("help")

    def __init__(self, title: str, lines: list[tuple[str, str, str]], extra: str = ""):
        super().__init__()
        self.help_title = title
        self.lines = lines
        self.extra = extra

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _d, _i in self.lines), default=4) + 2
        said = max((len(d) for _k, d, _i in self.lines), default=4) + 2
        text = "\n".join(f"{keys:<{width}}{description:<{said}}{ids}" for keys, description, ids in self.lines)
        with Vertical(classes="dialog help"):
            yield Static(plain(f"Keys — {self.help_title}"), classes="dialog-title")
            with VerticalScroll():
                yield Static(plain(text), id="help-keys")
                if self.extra:
                    yield Static(plain(self.extra), id="help-extra")
            yield Static("esc close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
