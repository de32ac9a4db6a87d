"""Changing many records at once: the same fields set on every row of a list or view, or on the
rows marked in it; or those rows activated, deactivated or deleted.

The rows are the list's, and each is read with its version when the edit starts: a row a
colleague saved since is skipped (its own optimistic check, as a form's save), never overwritten.
Each row goes through its type's service — the same checks, audit and timeline as one save — and
only the fields that differ are written. Rows go in batches, each one transaction: cancelled
between batches, the batches done stay done and the rest are not begun. A dry run says how many
would change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from crm_tui.core.list_types import ListQuery
from crm_tui.models import database
from crm_tui.services import listing, write_batch
from crm_tui.services.errors import ConflictError, DeleteBlockedError, NotFoundError, ValidationError
from crm_tui.services.records import read_field
from crm_tui.services.registry import service

BATCH = 200  # rows a transaction


@dataclass
class BulkReport:
    matched: int = 0  # rows the list held when the edit started
    changed: int = 0
    unchanged: int = 0  # already as asked
    conflicts: list[int] = field(default_factory=list)  # saved (or deleted) by someone since: skipped
    refused: dict[int, str] = field(default_factory=dict)  # a rule refused the change: id -> why
    cancelled: bool = False
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "changed": self.changed, "unchanged": self.unchanged,
                "conflicts": self.conflicts, "refused": {str(k): v for k, v in self.refused.items()},
                "cancelled": self.cancelled, "dry_run": self.dry_run}


def _versions(model, ids: list[int]) -> dict[int, int]:
    return dict(model.select(model.id, model.version).where(model.id.in_(ids)).tuples())


SET, ACTIVATE, DEACTIVATE, DELETE = "set", "activate", "deactivate", "delete"
OPERATIONS = (SET, ACTIVATE, DEACTIVATE, DELETE)


def update_many(actor, query: ListQuery, changes: dict[str, Any], dry_run: bool = False,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> BulkReport:
    """Set changes on every row of the list query; progress(rows done, rows) after each batch."""
    return apply(actor, query, SET, changes, dry_run=dry_run, progress=progress, cancelled=cancelled)


def apply(actor, query: ListQuery, operation: str, changes: dict[str, Any] | None = None, *,
          marked: list[int] | None = None, excluded: frozenset[int] = frozenset(), dry_run: bool = False,
          progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> BulkReport:
    """Run the operation on the rows marked in the list (marked), or on every row of the list
    query but the excluded; progress(rows done, rows) after each batch."""
    if operation not in OPERATIONS:
        raise ValidationError({"": f"Unknown operation {operation}: {', '.join(OPERATIONS)}"})
    rt_key = listing.record_type_of(query)
    svc = service(rt_key)
    changes = dict(changes or {})
    if operation == SET and not changes:
        raise ValidationError({"": "Say which fields to set"})
    coerced = svc._coerce(changes, every_field=False) if operation == SET else {}  # refused before any row
    if marked is not None:
        ids = list(dict.fromkeys(marked))
    else:
        ids = [rid for page in listing.walk_ids(query) for rid in page if rid not in excluded]
    versions: dict[int, int] = {}
    for start in range(0, len(ids), 1000):  # each row's version now: a save after this is a conflict
        versions.update(_versions(svc.model, ids[start:start + 1000]))
    report = BulkReport(matched=len(ids), dry_run=dry_run)
    report.conflicts += [rid for rid in ids if rid not in versions]  # deleted since they were marked
    ids = [rid for rid in ids if rid in versions]
    for start in range(0, len(ids), BATCH):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        chunk = ids[start:start + BATCH]
        if dry_run:
            _would(svc, chunk, operation, coerced, report)
        else:
            _batch(actor, svc, chunk, versions, operation, changes, report)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return report


def _differs(svc, record, operation: str, coerced: dict[str, Any]) -> bool:
    if operation == SET:
        return any(read_field(record, svc.record_type.field(name)) != value for name, value in coerced.items())
    if operation == DELETE:
        return True
    return (record.state == svc.record_type.states[0].key) != (operation == ACTIVATE)


def _would(svc, ids: list[int], operation: str, coerced: dict[str, Any], report: BulkReport) -> None:
    for record in svc.model.select().where(svc.model.id.in_(ids)):
        if _differs(svc, record, operation, coerced):
            report.changed += 1
        else:
            report.unchanged += 1


def _one(actor, svc, rid: int, version: int, operation: str, changes: dict[str, Any]) -> bool:
    """Run the operation on one row if it is as it was read; whether it changed anything."""
    if operation == SET:
        return svc.update(actor, rid, changes, version).version != version
    record = svc.get(rid)
    if record.version != version:
        raise ConflictError([], record.version, "someone", record.modified_on)
    if operation == DELETE:
        svc.delete(actor, rid)
        return True
    if not _differs(svc, record, operation, {}):
        return False
    (svc.activate if operation == ACTIVATE else svc.deactivate)(actor, rid)
    return True


def _batch(actor, svc, ids: list[int], versions: dict[int, int], operation: str, changes: dict[str, Any],
           report: BulkReport) -> None:
    done = BulkReport()
    with database.atomic(), write_batch.collected():
        for rid in ids:
            mark = write_batch.mark()
            try:
                changed = _one(actor, svc, rid, versions[rid], operation, changes)
            except (ConflictError, NotFoundError):
                write_batch.rewind(mark)
                done.conflicts.append(rid)
                continue
            except ValidationError as error:
                write_batch.rewind(mark)
                done.refused[rid] = "; ".join(error.errors.values())
                continue
            except DeleteBlockedError as error:
                write_batch.rewind(mark)
                done.refused[rid] = str(error)
                continue
            if changed:
                done.changed += 1
            else:
                done.unchanged += 1
    # counted once the batch is in
    report.changed += done.changed
    report.unchanged += done.unchanged
    report.conflicts += done.conflicts
    report.refused.update(done.refused)
