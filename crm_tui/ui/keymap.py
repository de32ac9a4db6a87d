"""Keys remapped in the settings, checked before they are used: an unknown binding id or a key
name no terminal sends (ctrl+nonsense) is reported and left out, never applied silently (a bad
key for search everywhere left search with no key at all)."""

from __future__ import annotations

import unicodedata

from textual.keys import Keys

from crm_tui.core import actions

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def _key_name(character: str) -> str:
    """How Textual names the key of a printable character ("?" -> "question_mark")."""
    if character.isalnum():
        return character
    return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")


def _key_names() -> frozenset[str]:
    names = {key.value.rsplit("+", 1)[-1] for key in Keys}
    names |= {_key_name(chr(code)) for code in range(32, 127)}
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


def checked(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The remapped keys that can be used, and a sentence for each that cannot."""
    if not keymap:
        return {}, []
    known = actions.BY_ID
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
