"""What a terminal shows of the app: its text, and which cells stand out, in 16 colours or
without colour (NO_COLOR), read from the frame the app would write."""

from __future__ import annotations

from collections import Counter

from rich.color import ColorSystem
from rich.style import Style
from textual.color import Color

MODES = ("no_color", "16_colours")


def app_in(mode: str, actor, monkeypatch):
    """The app as a terminal of that mode runs it: NO_COLOR is read when the app is made."""
    from crm_tui.services import database
    from crm_tui.ui.app import CrmApp

    if mode == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    database.close()  # the main thread's connection closed, as the CLI leaves it
    return CrmApp(actor, database_label="test")


def _cells(app, mode: str) -> list[list[tuple[str, Style]]]:
    background = Color.parse("black")
    lines = []
    for strip in app.screen._compositor.render_strips():
        for line_filter in app._filters:  # as the driver writes it (NO_COLOR: greys)
            strip = strip.apply_filter(line_filter, background)
        cells = []
        for segment in strip:
            style = segment.style or Style()
            if mode == "16_colours":
                style = Style(color=style.color.downgrade(ColorSystem.STANDARD) if style.color else None,
                              bgcolor=style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None,
                              bold=style.bold, reverse=style.reverse, underline=style.underline, dim=style.dim)
            cells.extend((char, style) for char in segment.text)
        lines.append(cells)
    return lines


def _colour(colour) -> object:
    """A colour as the terminal gets it: one of 16 by number once downgraded, else as given."""
    if colour is None:
        return "default"
    return colour.number if colour.number is not None else colour.name


def _paint(style: Style) -> tuple:
    """The background a cell shows (reverse swaps it with the text's colour), and its emphasis."""
    return (_colour(style.color if style.reverse else style.bgcolor), bool(style.reverse))


def text_lines(app) -> list[str]:
    return ["".join(char for char, _ in line).rstrip() for line in _cells(app, "16_colours")]


def emphasis_lines(app, mode: str) -> list[str]:
    """Each cell's background as that mode shows it: ' ' for the screen's commonest, then a letter
    per other background in order of first appearance (A is the first), so the cursor, the
    focus and the title bars are told apart as the terminal would tell them."""
    cells = _cells(app, mode)
    common = Counter(_paint(style) for line in cells for _char, style in line).most_common(1)[0][0]
    letters: dict[tuple, str] = {common: " "}
    lines = []
    for line in cells:
        marks = []
        for _char, style in line:
            paint = _paint(style)
            if paint not in letters:
                letters[paint] = chr(ord("A") + len(letters) - 1)
            marks.append(letters[paint])
        lines.append("".join(marks).rstrip())
    return lines


def snapshot(app, mode: str) -> str:
    return "\n".join(text_lines(app)) + "\n--- backgrounds (A, B...: each one unlike the commonest) ---\n" + "\n".join(emphasis_lines(app, mode)) + "\n"


def cell(app, mode: str, x: int, y: int) -> tuple[str, tuple]:
    char, style = _cells(app, mode)[y][x]
    return char, _paint(style)


FOCUS_BAR = "▌"


def focus_bar_at(app, mode: str, x: int, y: int) -> bool:
    """A cell holds the focus bar, and the eye sees it in that mode: its colour unlike its background."""
    char, style = _cells(app, mode)[y][x]
    if char != FOCUS_BAR:
        return False
    ink = _colour(style.bgcolor if style.reverse else style.color)
    paper = _colour(style.color if style.reverse else style.bgcolor)
    return ink != paper
