"""The rows many writes add beside their records (audit lines, timeline events), inserted together.

An import writes thousands of records in one transaction; each also writes an audit row and a
timeline event. Inside `collected()` those side rows wait in memory and go in with one insert
per table at the end, inside the same transaction: the same rows, a fraction of the statements.
Outside it, each is inserted at once, as always.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from crm_tui.models.bulk import insert_dicts

_pending: list[tuple[type, dict]] | None = None


def insert(model: type, rows: list[dict]) -> None:
    """Insert rows into model's table, now or when the collecting batch ends."""
    if _pending is not None:
        _pending.extend((model, row) for row in rows)
    elif rows:
        model.insert_many(rows).execute()


def mark() -> int:
    """Where the batch stands: rewind(mark) forgets what came after (a write that was refused)."""
    return len(_pending) if _pending is not None else 0


def rewind(to: int) -> None:
    if _pending is not None:
        del _pending[to:]


@contextmanager
def collected() -> Iterator[None]:
    """Hold the side rows of the writes inside; insert them at the end (nothing if it fails)."""
    global _pending
    if _pending is not None:  # already collecting: the outer batch inserts them
        yield
        return
    _pending = []
    try:
        yield
        held, _pending = _pending, None
        by_shape: dict[tuple, list[dict]] = {}  # rows of one table with the same fields, in order
        for model, row in held:
            by_shape.setdefault((model, tuple(row)), []).append(row)
        for (model, _fields), rows in by_shape.items():
            insert_dicts(model, rows)
    finally:
        _pending = None
