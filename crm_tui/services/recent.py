"""Each user's recent records (the last ones opened) and pinned ones (kept until unpinned).

Opening a record notes it (one small write, done in the background by the app); the newest
KEPT are kept a user. Both lists name their records as they are now; a record deleted since
leaves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_tui.core.types import definition
from crm_tui.models import database, utcnow
from crm_tui.models.recent import PinnedRecord, RecentRecord
from crm_tui.services import timeline
from crm_tui.services.errors import ValidationError

KEPT = 50  # recent records a user
SHOWN = 20


@dataclass(frozen=True)
class Entry:
    record_type: str
    id: int
    title: str  # "Account: Contoso Ltd"
    pinned: bool = False


def opened(user_id: int, record_type: str, record_id: int) -> None:
    """Note that the user opened this record now: a new row, so the newest is the highest id
    (timestamps tie within a second)."""
    with database.atomic():
        RecentRecord.delete().where((RecentRecord.user == user_id) & (RecentRecord.record_type == record_type)
                                    & (RecentRecord.record_id == record_id)).execute()
        RecentRecord.insert(user=user_id, record_type=record_type, record_id=record_id, opened_at=utcnow()
                            ).on_conflict_ignore().execute()
        oldest_kept = (RecentRecord.select(RecentRecord.id).where(RecentRecord.user == user_id)
                       .order_by(RecentRecord.id.desc()).offset(KEPT - 1).limit(1).tuples().first())
        if oldest_kept:
            RecentRecord.delete().where((RecentRecord.user == user_id) & (RecentRecord.id < oldest_kept[0])).execute()


def _named(rows: list[tuple[str, int]], pinned: set[tuple[str, int]]) -> list[Entry]:
    labels = timeline.labels(rows)
    return [Entry(kind, rid, f"{definition(kind).singular}: {labels[(kind, rid)]}", (kind, rid) in pinned)
            for kind, rid in rows if (kind, rid) in labels]


def pinned(user_id: int) -> list[Entry]:
    """The user's pinned records, in the order pinned."""
    rows = list(PinnedRecord.select(PinnedRecord.record_type, PinnedRecord.record_id)
                .where(PinnedRecord.user == user_id).order_by(PinnedRecord.id).tuples())
    return _named(rows, set(rows))


def recent(user_id: int, limit: int = SHOWN) -> list[Entry]:
    """The records the user opened last, newest first (deleted ones left out)."""
    rows = list(RecentRecord.select(RecentRecord.record_type, RecentRecord.record_id)
                .where(RecentRecord.user == user_id).order_by(RecentRecord.id.desc())
                .limit(limit).tuples())
    marked = set(PinnedRecord.select(PinnedRecord.record_type, PinnedRecord.record_id)
                 .where(PinnedRecord.user == user_id).tuples())
    return _named(rows, marked)


def both(user_id: int) -> tuple[list[Entry], list[Entry]]:
    """Pinned and recent, in one call (the dialog's)."""
    return pinned(user_id), recent(user_id)


def is_pinned(user_id: int, record_type: str, record_id: int) -> bool:
    return PinnedRecord.select().where((PinnedRecord.user == user_id) & (PinnedRecord.record_type == record_type)
                                       & (PinnedRecord.record_id == record_id)).exists()


def toggle_pin(user_id: int, record_type: str, record_id: int) -> bool:
    """Pin the record, or unpin it if it is; whether it is pinned now."""
    if not timeline.labels([(record_type, record_id)]):
        raise ValidationError({"": f"{definition(record_type).singular} {record_id} does not exist (any more)"})
    with database.atomic():
        gone = PinnedRecord.delete().where(
            (PinnedRecord.user == user_id) & (PinnedRecord.record_type == record_type)
            & (PinnedRecord.record_id == record_id)).execute()
        if gone:
            return False
        PinnedRecord.insert(user=user_id, record_type=record_type, record_id=record_id, pinned_at=utcnow()
                            ).on_conflict_ignore().execute()
        return True
