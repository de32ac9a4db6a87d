"""Versioned schema migrations, applied in order by crm_tui.models.schema.

Each module ``mNNNN_<what>.py`` defines ``VERSION``, ``TITLE`` and ``up(db)``; they are found
by name, so a new one needs no edit here. Models inside a migration are frozen copies of the
schema at that version, independent of the live models, so an old database always migrates
the same way whatever the code has become since. A migration that adds what search reads
declares it as ``DOCUMENTS``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

STEP_NAME = re.compile(r"m\d{4}_\w+")

STEPS = tuple(importlib.import_module(f"{__name__}.{info.name}")
              for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
              if STEP_NAME.fullmatch(info.name))


def search_documents() -> tuple:
    """What search reads, per table, as the latest migration that says so left it."""
    latest = {}
    for step in STEPS:
        for doc in getattr(step, "DOCUMENTS", ()):
            latest[doc.table] = doc
    return tuple(latest.values())
