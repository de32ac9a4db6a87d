"""Writing and reading the audit history."""

from __future__ import annotations

from crm_tui.core.fields import display
from crm_tui.models import AuditEntry, User, utcnow
from crm_tui.services import write_batch


def record(actor: User, record_type: str, record_id: int, action: str,
           changes: dict[str, tuple[object, object]] | None = None) -> None:
    """Log one action; an update logs one row per changed field with old and new values."""
    record_each(actor, record_type, [record_id], action, changes)


def record_each(actor: User, record_type: str, record_ids: list[int], action: str,
                changes: dict[str, tuple[object, object]] | None = None) -> None:
    """Log the same action, with the same changes, on each of several records, in one write."""
    now = utcnow()
    fields = [(name, _text(old), _text(new)) for name, (old, new) in changes.items()] if changes else [
        (None, None, None)]
    write_batch.insert(AuditEntry, [
        {
            "record_type": record_type, "record_id": record_id, "action": action,
            "field": name, "old_value": old, "new_value": new, "user": actor.id, "at": now,
        }
        for record_id in record_ids for name, old, new in fields
    ])


def _text(value: object) -> str | None:
    return None if value is None else display(value)


def history(record_type: str, record_id: int, limit: int = 100) -> list[tuple]:
    """Newest first: (at, user display name, action, field, old, new)."""
    query = (
        AuditEntry.select(AuditEntry.at, User.display_name, AuditEntry.action, AuditEntry.field,
                          AuditEntry.old_value, AuditEntry.new_value)
        .join(User)
        .where((AuditEntry.record_type == record_type) & (AuditEntry.record_id == record_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(query.tuples())
