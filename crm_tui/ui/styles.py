"""Where the .tcss files are: inside the package once installed, at the top of a checkout."""

from pathlib import Path


def style_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "styles"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "styles"


def style_path(name: str) -> Path:
    return style_dir() / name
