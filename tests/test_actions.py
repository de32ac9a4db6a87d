"""The declarations of record types and actions, and that everything is derived from them."""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from crm_tui.core import actions, key_tables
from crm_tui.core.types import RECORD_TYPES, definition
from crm_tui.core.types.activity import KINDS

ROOT = Path(__file__).resolve().parent.parent
OFFERED_TABLE = Path(__file__).parent / "snapshots" / "actions_offered.txt"


def _ui_classes() -> list[type]:
    import crm_tui.ui.app  # noqa: F401 (the app's own bindings)
    import crm_tui.ui.screens
    import crm_tui.ui.widgets

    for package in (crm_tui.ui.screens, crm_tui.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    found, owners = [], [DOMNode]
    while owners:
        owner = owners.pop()
        owners.extend(owner.__subclasses__())
        if owner.__module__.startswith("crm_tui."):
            found.append(owner)
    return found


def test_every_key_of_every_screen_is_a_declared_action_and_every_action_is_bound():
    bound: dict[str, type] = {}
    for cls in _ui_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding) and binding.id in actions.BY_ID, (cls, binding)
            declared = actions.BY_ID[binding.id]
            assert (binding.key, binding.action, binding.show, binding.priority) == (
                declared.keys, declared.call, declared.footer, declared.priority)
            bound[binding.id] = cls
    assert set(bound) == set(actions.BY_ID), set(actions.BY_ID) - set(bound)
    for action_id, cls in bound.items():  # every declared action runs something that exists
        action = actions.BY_ID[action_id]
        owner = "App" if action.call.startswith("app.") else cls
        if owner != "App":
            assert hasattr(cls, f"action_{action.method}"), (action_id, cls)


def test_readme_key_tables_are_the_declared_keys():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("<!-- keys: from crm-tui keys --markdown -->\n") + len("<!-- keys: from crm-tui keys --markdown -->\n")
    end = readme.index("<!-- keys: end -->")
    assert readme[start:end].strip() == key_tables.markdown().strip(), "run: crm-tui keys --markdown"


def _offered_table() -> str:
    """Which record actions are live for each record type in each of its states (saved records)."""
    lines = []
    for rt in (*RECORD_TYPES, *(kind.record_type for kind in KINDS.values())):
        for state in rt.states:
            live = [a.id.removeprefix("record.") for a in actions.of("record") if a.offered(rt.key, state.key, True)]
            lines.append(f"{rt.key} · {state.key}: {' '.join(live)}")
        new = [a.id.removeprefix("record.") for a in actions.of("record") if a.offered(rt.key, None, False)]
        lines.append(f"{rt.key} · new: {' '.join(new)}")
    return "\n".join(lines) + "\n"


def test_which_actions_are_live_for_every_record_type_in_every_state():
    table = _offered_table()
    if os.environ.get("CRM_TUI_SNAPSHOTS") == "update":
        OFFERED_TABLE.write_text(table)
    assert table == OFFERED_TABLE.read_text(), "CRM_TUI_SNAPSHOTS=update writes the table anew; read its diff"
    rows = dict(line.split(": ", 1) for line in table.splitlines())
    assert "qualify" in rows["lead · open"].split() and "qualify" not in rows["lead · qualified"].split()
    assert "reactivate" in rows["lead · disqualified"].split() and "reactivate" not in rows["lead · open"].split()
    assert {"resolve", "merge", "first_response"} <= set(rows["case · active"].split())
    assert not {"resolve", "merge"} & set(rows["case · resolved"].split())
    assert "reopen" in rows["task · completed"].split() and "complete" not in rows["task · completed"].split()
    assert "delete" not in rows["account · new"].split() and "save" in rows["account · new"].split()


@pytest.mark.parametrize("type_key, expected", [
    ("lead", {"qualify", "disqualify", "reactivate"}),
    ("opportunity", {"close_won", "close_lost", "reopen", "move_stage"}),
    ("case", {"resolve", "cancel", "reactivate", "merge", "mark_first_response"}),
    ("entitlement", {"activate", "cancel", "to_draft"}),
    ("account", {"activate", "deactivate"}),  # the (de)activate toggle, each way
    ("sla", {"activate", "deactivate"}),
])
def test_a_services_status_operations_are_its_declared_actions(type_key, expected):
    assert actions.operations(type_key) == expected


def test_the_service_refuses_an_operation_no_action_of_the_type_declares():
    from crm_tui.services import record_detail

    with pytest.raises(ValueError, match="not an action of a lead"):
        record_detail.status_action(None, "lead", 1, "resolve")


def test_every_descriptor_is_whole():
    for rt in RECORD_TYPES:
        names = {spec.name for spec in rt.default_fields}
        assert set(rt.open_links) <= names, rt.key
        assert set(rt.narrowings) <= names and all(rt.field(n).choices for n in rt.narrowings), rt.key
        assert set(rt.phone_fields) <= names and (not rt.email_field or rt.email_field in names), rt.key
        assert rt.states and len({s.key for s in rt.states}) == len(rt.states), rt.key
        for tab in rt.tabs:
            assert tab.source and tab.title and tab.empty, (rt.key, tab)
        for action in rt.actions:
            assert action.scope == "record" and action.types, (rt.key, action.id)
    assert definition("task").states[0].key == "open"
    assert key_tables.key_text("x,delete") == "`x` or `delete`" and key_tables.key_text("shift+up") == "`shift+↑`"
