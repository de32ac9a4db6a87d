"""What a search finds (a Hit), and how search everywhere reads one record type (a Searcher).

Each record type's list module registers its Searcher; crm_tui.services.global_search runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from crm_tui.models.db import fixed_limit

CANDIDATES = 60  # matches read per record type before ordering by name


@dataclass(frozen=True)
class Hit:
    record_type: str
    id: int
    title: str
    detail: str
    state: str


@dataclass(frozen=True)
class Searcher:
    model: type
    read: Callable[[Any], list[Hit]]  # the hits among the rows meeting a condition, by name
    # A search that names one record by its number (CAS-01042): that record's condition.
    by_number: Callable[[str], Any] | None = None


OPEN_STATES = ("active", "open")  # shown without a state mark


def state_mark(state: str) -> str:
    """How a hit says it is closed or inactive ("  (resolved)"); nothing for an open one."""
    return "" if state in OPEN_STATES else f"  ({state})"


def by_name(query, key_at: int) -> list[tuple]:
    """The candidates, ordered by their casefolded name (at key_at), then id."""
    return sorted(query.limit(fixed_limit(CANDIDATES)).tuples(), key=lambda r: (r[key_at], r[0]))


def joined(*parts) -> str:
    return " · ".join(p for p in parts if p)
