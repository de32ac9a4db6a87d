"""What each record type registers with the engine: its record service, its lists, how it sits
on the timeline, how search everywhere reads it.

A type's own module (services/sales/leads.py, ...) registers these; the engine's modules
(record_detail, listing, timeline, view_source, global_search) look them up here instead of
naming the types. The domain packages are found by walking them, not by name, so the engine
imports none of them (no import circle) and a new type's module needs no edit anywhere else.
Walking stops at the first module that registers what was asked for: showing the accounts at
start-up reads the customers' modules, not every domain's.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import threading
from typing import Any

DOMAINS = ("crm_tui.services.customers", "crm_tui.services.sales", "crm_tui.services.service",
           "crm_tui.services.activities")


def _domain_modules() -> list[str]:
    """Every domain module's name, found without importing any of them."""
    names = []
    for name in DOMAINS:
        names.append(name)
        places = importlib.util.find_spec(name).submodule_search_locations
        if places is not None:  # a package: its modules too
            names.extend(f"{name}.{info.name}" for info in sorted(pkgutil.iter_modules(places), key=lambda i: i.name))
    return names


_unread: list[str] | None = None  # the domain modules not imported yet (None: not listed yet)
_READING = threading.RLock()  # held while domain modules are read in (an import may ask for more)


def _read_next() -> bool:
    """Import one more domain module; False once there are none left. A list, not a generator:
    a module being imported may itself look something up."""
    global _unread
    if _unread is None:
        _unread = _domain_modules()
    if not _unread:
        return False
    importlib.import_module(_unread.pop(0))
    return True


def read_all() -> None:
    """Every domain module imported: before anything asks for all of a kind (search everywhere)."""
    with _READING:
        while _read_next():
            pass


class Table(dict):
    """One kind of registration, by record type (or list) key."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def find(self, key: str) -> Any | None:
        """The registration for key, reading domain modules until one registers it; None if none does."""
        if key in self:
            return self[key]
        # One reader at a time: a thread must not find the list of modules empty while another is
        # still importing the one that registers key (a list opened as its module loads elsewhere).
        with _READING:
            while key not in self:
                if not _read_next():
                    return None
            return self[key]

    def of(self, key: str) -> Any:
        found = self.find(key)
        if found is None:
            raise ValueError(f"Unknown {self.what} {key!r}")
        return found

    def every(self) -> dict[str, Any]:
        read_all()
        return dict(self)


SERVICES = Table("record type")  # record type key -> its RecordService
SOURCES = Table("list")  # list key ("account", "case_queue", ...) -> its listing Source
REGARDING = Table("record type")  # record type key -> its timeline.Regarding
SEARCHERS = Table("record type")  # record type key -> its global_search.Searcher
OPERATIONS = Table("operation")  # "TYPE.operation" -> a record's operation kept outside its service (lead.qualify)


def register(table: Table, key: str, value: Any) -> None:
    table[key] = value


def service(key: str):
    return SERVICES.of(key)


def operation(record_type: str, name: str):
    """A record's operation by name (disqualify, resolve, qualify...): its service's method, or one
    a module of its own registered (called the same way: actor, the record's id, then its own)."""
    method = getattr(service(record_type), name, None)
    return method if method is not None else OPERATIONS.of(f"{record_type}.{name}")
