"""Each screen's look is in the sheet named after its module; each widget carries its own."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.screen import Screen
from textual.widget import Widget

import crm_tui.ui.screens
import crm_tui.ui.widgets
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.styles import style_dir, style_path

UI = Path(crm_tui.ui.__file__).parent


def _classes(package, base):
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found += [c for _, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, base) and c.__module__ == module.__name__]
    return found


def test_every_screen_reads_the_sheet_named_after_its_module():
    screens = _classes(crm_tui.ui.screens, Screen)
    assert len(screens) > 15
    for screen in screens:
        module = screen.__module__.rpartition(".")[2]
        expected = style_path("dialog.tcss") if issubclass(screen, Dialog) else style_path(f"{module}.tcss")
        assert Path(screen.CSS_PATH) == expected, screen.__name__
        assert expected.is_file(), expected


def test_every_sheet_belongs_to_a_module_of_the_same_name():
    modules = {path.stem for path in UI.glob("*.py")} | {path.stem for path in (UI / "screens").glob("*.py")}
    sheets = {path.stem for path in style_dir().glob("*.tcss")}
    assert sheets and sheets <= modules, sheets - modules


def test_no_sheet_styles_a_widget_of_ours():
    """A widget's look lives in its DEFAULT_CSS, so it looks the same on whichever screen shows
    it first (a dialog's error line was styled by the record screen's sheet, once that was read)."""
    widgets = {c.__name__ for c in _classes(crm_tui.ui.widgets, Widget)}
    assert {"RecordList", "Sidebar", "FieldRow", "RefField", "ErrorLine", "KeyBar"} <= widgets
    for sheet in style_dir().glob("*.tcss"):
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        named = set(re.findall(r"\b([A-Z]\w+)\b", text)) & widgets
        assert not named, f"{sheet.name} styles {named}"
    styled = {c.__name__ for c in _classes(crm_tui.ui.widgets, Widget) if "DEFAULT_CSS" in c.__dict__}
    assert {"RecordList", "Sidebar", "FieldRow", "RefField", "ErrorLine", "FieldError", "KeyBar",
            "RecordPanel"} <= styled
