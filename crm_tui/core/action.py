"""What an action is: declared once (crm_tui/core/actions.py, and a record type's own in its
descriptor), and every place that shows or runs it derived from that declaration: the screen's
keys, whether it is offered (check_action), the key bar, the help, the palette, the settings'
Keys tab, the services' status operations and the README's key tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Offered = tuple[str, ...] | Callable[[str], bool] | None


@dataclass(frozen=True)
class Action:
    id: str  # "record.save": where it acts, then what it is; the name the settings' [keys] remap
    keys: str  # its default keys, as Textual names them, comma-separated
    label: str  # the key bar, the help and the palette; in default names, shown in the organisation's
    run: str = ""  # the screen's action and its arguments ("tab(1)"); "" : the id's second part
    footer: bool = True  # shown in the key bar
    priority: bool = False  # taken even inside a text field
    types: Offered = None  # the record types (or lists) it is offered for: keys, a test of the key, None: all
    states: tuple[str, ...] | None = None  # the states it is offered in (None: any)
    saved: bool = False  # needs a saved record
    operation: str = ""  # the status operation of the record's service that it runs
    dialog: str = ""  # the dialog it asks first, if any
    done: str = ""  # what is said once it is done (default names)
    help: str = ""  # the help's and the README's longer line; "" : the label
    keep_edits: bool = False  # runs with unsaved edits in the form (else it asks for a save first)
    where: str = ""  # the screen or widget it belongs to, when not the id's first part


    @property
    def scope(self) -> str:
        """Where it acts: "record", "list", "app", "timeline", a dialog's name..."""
        return self.where or self.id.split(".", 1)[0]

    @property
    def call(self) -> str:
        if self.run:
            return self.run
        if self.operation and not self.dialog:  # the screen runs the operation as declared
            return f"operate({self.id!r})"
        return self.id.split(".", 1)[1]

    @property
    def method(self) -> str:
        """The action's name without arguments or namespace ("tab", "quit_app")."""
        return self.call.split("(", 1)[0].rsplit(".", 1)[-1]

    @property
    def arguments(self) -> tuple:
        """The call's arguments, as Textual passes them to check_action ("tab(-1)" -> (-1,))."""
        if "(" not in self.call:
            return ()
        inside = self.call.split("(", 1)[1].rstrip(")")
        return tuple(_literal(part.strip()) for part in inside.split(",") if part.strip())

    @property
    def help_line(self) -> str:
        return self.help or self.label

    def offered_for(self, type_key: str) -> bool:
        if self.types is None:
            return True
        if callable(self.types):  # a test of the type's descriptor, which never changes: asked once
            found = _offered_for.get((self.id, type_key))
            if found is None:
                found = _offered_for[(self.id, type_key)] = bool(self.types(type_key))
            return found
        return type_key in self.types

    def offered(self, type_key: str, state: str | None, saved: bool) -> bool:
        """Whether it is offered for a record of this type in this state (state None: not yet known)."""
        if not self.offered_for(type_key):
            return False
        if (self.saved or self.states is not None) and not saved:
            return False
        return self.states is None or state is None or state in self.states


_offered_for: dict[tuple[str, str], bool] = {}  # (action id, type key) -> offered: check_action asks at every key
_WORDS = {"True": True, "False": False, "None": None}


def _literal(text: str):
    """One argument of a declared call: a quoted string, an int, True, False or None (the
    declarations use no others; ast would cost start-up 3 ms to import)."""
    if text[:1] in "'\"" and text[-1:] == text[:1]:
        return text[1:-1]
    if text in _WORDS:
        return _WORDS[text]
    return int(text)
