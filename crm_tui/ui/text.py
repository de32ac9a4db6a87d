"""Showing user data safely: never as markup, never as terminal control codes."""

from __future__ import annotations

import re

from rich.text import Text
from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    return "\N{REPLACEMENT CHARACTER}"


def printable(value: object) -> str:
    """One line of text with every control character made visible and harmless."""
    if value is None:
        return ""
    return _CONTROL.sub(_visible, str(value))


def printable_lines(value: object) -> str:
    """Like printable, but line breaks stay line breaks (for multi-line text)."""
    return "\n".join(printable(line) for line in str(value or "").split("\n"))


def plain(value: object) -> Content:
    """Text as widget content: literal (so '[bold]' stays '[bold]'), line breaks kept."""
    return Content(printable_lines(value))


def rich_plain(value: object) -> Text:
    """User text for widgets that take Rich text (the Tree): literal, never markup."""
    return Text(printable(value))


def clip(text: str, width: int) -> str:
    """Text cut to a width, with an ellipsis where it was cut."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text.ljust(width)
    return text[: width - 1] + "…"
