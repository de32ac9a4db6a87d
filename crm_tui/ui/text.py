"""Showing user data safely: never as markup, never as terminal control codes."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.content import Content
from textual.widgets.option_list import Option

# C0 and C1 controls, and the bidirectional overrides and isolates (U+202A-E, U+2066-9, the
# marks U+200E/F, U+061C): those reorder the text around them on the terminal, so a name could
# show as something it is not.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _picture(char: str) -> str:
    """How a control character is shown: its Unicode control picture (␛ for ESC) where there is
    one, else the replacement character (C1 controls, bidi marks)."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\N{SYMBOL FOR DELETE}"
    return "\N{REPLACEMENT CHARACTER}"


def _has_picture(char: str) -> bool:
    return ord(char) < 0x20 or ord(char) == 0x7F


def restore_controls(edited: str, stored: str) -> str:
    """An edited text with the stored text's control characters back where the form showed them
    as pictures (␉ ␍ ␛ ...): editing a field never rewrites what it held. A picture the stored
    text did not hold as a control stays the picture that was typed."""
    controls = _CONTROL.findall(stored)
    if not controls:
        return edited
    pictures = {_picture(c): c for c in controls if _has_picture(c)}
    restored = "".join(pictures.get(ch, ch) for ch in edited)
    # Those shown as the replacement character go back in order, if as many are left as were shown.
    hidden = [c for c in re.findall(f"\ufffd|{_CONTROL.pattern}", stored) if c == "\ufffd" or not _has_picture(c)]
    if hidden and restored.count("\ufffd") == len(hidden):
        originals = iter(hidden)
        restored = "".join(next(originals) if ch == "\ufffd" else ch for ch in restored)
    return restored


def printable(value: object) -> str:
    """One line of text with every control character made visible and harmless."""
    if value is None:
        return ""
    return _CONTROL.sub(lambda match: _picture(match.group()), str(value))


def printable_lines(value: object) -> str:
    """Like printable, but line breaks stay line breaks (for multi-line text)."""
    return "\n".join(printable(line) for line in str(value or "").split("\n"))


def plain(value: object) -> Content:
    """Text as widget content: literal (so '[bold]' stays '[bold]'), line breaks kept."""
    return Content(printable_lines(value))


def option(text: object, id: str | None = None, disabled: bool = False) -> Option:
    """A choice in an option list, its text literal (a string there would be read as markup)."""
    return Option(Content(printable(text)), id=id, disabled=disabled)


def heading_option(text: object) -> Option:
    """A bold heading between an option list's choices (not choosable)."""
    return Option(Content.styled(printable(text), "bold"), disabled=True)


def rich_plain(value: object) -> Text:
    """User text for widgets that take Rich text (the Tree): literal, never markup."""
    return Text(printable(value))


def clip(text: str, width: int) -> str:
    """Text cut to a width of terminal cells (a CJK letter or an emoji takes two), with an
    ellipsis where it was cut, and padded to exactly that width: columns stay aligned."""
    if width <= 0:
        return ""
    cells = cell_len(text)
    if cells <= width:
        return text + " " * (width - cells)
    return set_cell_size(text, width - 1) + "…"  # exactly width - 1 cells (padded if a wide letter did not fit)
