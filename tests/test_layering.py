"""The layers as contracts (pyproject.toml's [tool.importlinter]): the core plain Python, the UI
without queries, services without Textual, widgets opening no screens; and no import circles."""

from __future__ import annotations

from pathlib import Path

import grimp
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out


def test_no_module_imports_one_that_imports_it_back():
    """A circle, even through an import inside a function, means neither module can be read
    (or moved) without the other."""
    graph = grimp.build_graph("crm_tui", cache_dir=None)
    circles = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if graph.find_shortest_chain(importer=imported, imported=importer):
                circles.add(" <-> ".join(sorted((importer, imported))))
    assert not circles, sorted(circles)

