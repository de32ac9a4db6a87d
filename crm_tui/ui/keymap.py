"""Keys remapped in the settings, checked before they are used: an unknown binding id or a key
name no terminal sends (ctrl+nonsense) is reported and left out, never applied silently (a bad
key for search everywhere left search with no key at all)."""

from __future__ import annotations

import importlib
import pkgutil

from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def _key_names() -> frozenset[str]:
    names = {key.value.rsplit("+", 1)[-1] for key in Keys}
    names |= {_character_to_key(chr(code)) for code in range(32, 127)}
    names |= {f"f{n}" for n in range(1, 25)} | {"space", "tab", "enter", "backspace", "escape"}
    return frozenset(names)


def key_problem(key: str) -> str | None:
    """What is wrong with one key as the settings name it ("ctrl+k", "f3", "question_mark")."""
    *modifiers, name = key.split("+")
    if not name:
        return f"{key!r} names no key"
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{key!r}: {unknown[0]!r} is not a modifier (one of {', '.join(MODIFIERS)})"
    if len(name) != 1 and name not in _key_names():
        return f"{key!r}: no key is called {name!r} (like ctrl+k, f3, pageup, question_mark)"
    return None


def keys_problem(keys: str) -> str | None:
    """What is wrong with a binding's comma-separated keys ("ctrl+k,f3"), if anything."""
    wrong = [problem for key in keys.split(",") if (problem := key_problem(key))]
    return "; ".join(wrong) or None


def binding_ids(app_type: type) -> frozenset[str]:
    """The id of every binding of the app and of every screen and widget of it (they are all
    imported: this runs only when the settings remap keys)."""
    import crm_tui.ui.screens
    import crm_tui.ui.widgets

    for package in (crm_tui.ui.screens, crm_tui.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    ids: set[str] = set()
    owners: list[type] = [app_type, DOMNode]
    while owners:
        owner = owners.pop()
        owners.extend(owner.__subclasses__())
        if owner.__module__.startswith("crm_tui."):
            ids.update(b.id for b in owner.__dict__.get("BINDINGS", []) if getattr(b, "id", None))
    return frozenset(ids)


def checked(keymap: dict[str, str], app_type: type) -> tuple[dict[str, str], list[str]]:
    """The remapped keys that can be used, and a sentence for each that cannot."""
    if not keymap:
        return {}, []
    known = binding_ids(app_type)
    usable, problems = {}, []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(f"keys.{binding_id}: no such key binding (the settings screen, F2, lists them)")
            continue
        if wrong := keys_problem(keys):
            problems.append(f"keys.{binding_id}: {wrong}")
            continue
        usable[binding_id] = keys
    return usable, problems
