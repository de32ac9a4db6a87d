"""Key descriptions in the organisation's words: "Add {contact}" reads "Add person" once
contacts are called people. A screen keeps its templates and is renamed when it is made."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from crm_tui.services import record_types


def named(templates: list[Binding]) -> list[Binding]:
    words = {}
    for rt in record_types.RECORD_TYPES:
        words[rt.key] = record_types.lower_noun(rt.singular)
        words[rt.key.title()] = rt.singular
        words[f"{rt.key}_plural"] = rt.plural
    return [replace(b, description=b.description.format(**words)) if "{" in b.description else b
            for b in templates]


def refresh(cls) -> bool:
    """Give a screen class the current names, if they changed since it last had them (True then)."""
    version = record_types.names_version()
    if getattr(cls, "_names_version", None) == version:
        return False
    cls.BINDINGS = named(cls.BINDING_TEMPLATES)
    cls._merged_bindings = cls._merge_bindings()
    cls._names_version = version
    return True
