"""Where the .tcss files are: inside the package once installed, at the top of a checkout.

Each screen's module has its sheet by the same name (ui/screens/record.py: styles/record.tcss;
every dialog shares ui/screens/dialog.py's); a widget carries its own look (DEFAULT_CSS).
"""

from pathlib import Path


def style_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "styles"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "styles"


def style_path(name: str) -> Path:
    return style_dir() / name


def own_styles(module_name: str) -> Path:
    """The sheet of a module, by its name: own_styles(__name__) in ui/screens/pipeline.py is
    styles/pipeline.tcss."""
    return style_path(f"{module_name.rpartition('.')[2]}.tcss")
