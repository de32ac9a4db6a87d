"""The rows many writes add beside their records (audit lines, timeline events), inserted together.

An import writes thousands of records in one transaction; each also writes an audit row and a
timeline event. Inside `collected()` those side rows wait in memory and go in with one insert
per table at the end, inside the same transaction: the same rows, a fraction of the statements.
Outside it, each is inserted at once, as always. A batch is its thread's: the app's other workers,
each on its own connection and transaction, write theirs at once while an import runs.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from crm_tui.models.bulk import insert_dicts

_local = threading.local()  # .pending: this thread's held rows, or None outside a batch


def _pending() -> list[tuple[type, dict]] | None:
    return getattr(_local, "pending", None)


def insert(model: type, rows: list[dict]) -> None:
    """Insert rows into model's table, now or when the collecting batch ends."""
    pending = _pending()
    if pending is not None:
        pending.extend((model, row) for row in rows)
    elif rows:
        model.insert_many(rows).execute()


def mark() -> int:
    """Where the batch stands: rewind(mark) forgets what came after (a write that was refused)."""
    pending = _pending()
    return len(pending) if pending is not None else 0


def rewind(to: int) -> None:
    pending = _pending()
    if pending is not None:
        del pending[to:]


@contextmanager
def collected() -> Iterator[None]:
    """Hold this thread's side rows of the writes inside; insert them at the end (nothing if it fails)."""
    if _pending() is not None:  # already collecting: the outer batch inserts them
        yield
        return
    _local.pending = []
    try:
        yield
        held, _local.pending = _local.pending, None
        by_shape: dict[tuple, list[dict]] = {}  # rows of one table with the same fields, in order
        for model, row in held:
            by_shape.setdefault((model, tuple(row)), []).append(row)
        for (model, _fields), rows in by_shape.items():
            insert_dicts(model, rows)
    finally:
        _local.pending = None
