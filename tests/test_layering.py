"""The layers go one way: ui -> services -> models. The core never imports Textual."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "crm_tui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer, forbidden", [
    ("models", ("textual", "rich", "crm_tui.ui", "crm_tui.services")),
    ("services", ("textual", "rich", "crm_tui.ui")),
])
def test_core_layers_do_not_import_upwards(layer, forbidden):
    offenders = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in forbidden or name.startswith(tuple(f for f in forbidden if "." in f))
    }
    assert not offenders


def test_ui_builds_no_queries():
    offenders = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "ui").rglob("*.py")
        for name in _imports(path)
        if name == "peewee" or name.startswith(("crm_tui.models", "playhouse"))
    }
    assert not offenders
