"""A queue's items as a list: the most urgent first (priority, then the earliest deadline), a page
at a time after a (rank, id) key from the (queue, rank, id) index, with how long each has waited,
the time left to its deadline and who picked it. A case or activity leaves its queue as it closes,
so the page needs no filter on them: its joins only fill the cells of the rows read."""

from __future__ import annotations

from peewee import JOIN, fn

from crm_tui.core.fields import duration_text
from crm_tui.core.list_types import Column, ListQuery, Row, Source
from crm_tui.core.types.activity import KINDS
from crm_tui.core.types.case import case_number
from crm_tui.models import Activity, Case, User, utcnow
from crm_tui.models.queue import QueueItem
from crm_tui.models.db import planned_for
from crm_tui.services.queues import with_records
from crm_tui.services.registry import SOURCES
from crm_tui.services.service.sla import minutes_between, time_left


def _select():
    return with_records(QueueItem.select(QueueItem.id, QueueItem.rank, QueueItem.record_type, QueueItem.record_id,
                                    fn.COALESCE(Case.title, Activity.subject),
                                    fn.COALESCE(Case.priority, Activity.priority),
                                    fn.COALESCE(Case.resolve_by, Activity.due_at), QueueItem.entered_on,
                                    User.display_name)).join(User, JOIN.LEFT_OUTER, on=(QueueItem.worked_by == User.id))


def _filters(query: ListQuery) -> list:
    terms = []  # a closed case or activity has left its queue already (RecordService._bump)
    if query.narrowed_to("picked") == "no":
        terms.append(QueueItem.worked_by.is_null())
    if query.owner_id is not None:  # mine: the items I picked
        terms.append(QueueItem.worked_by == planned_for(query.owner_id))
    return terms


def _row(query: ListQuery, raw: tuple) -> Row:
    item_id, rank, kind, record_id, title, priority, deadline, entered, worker = raw
    now = utcnow()
    what = "Case" if kind == "case" else KINDS[kind].singular if kind in KINDS else kind
    shown = f"{case_number(record_id)} {title}" if kind == "case" else title
    waited = duration_text(max(0, minutes_between(entered, now)), 1)
    left = time_left(minutes_between(now, deadline)) if deadline else ""
    return Row(item_id, rank, "active", "queue_item", shown, what, priority or "", left, waited, worker or "")


SOURCES["queue_items"] = Source(QueueItem, QueueItem.rank, False, (
    Column("Title", 14, 4),
    Column("Kind", 8, 0, drop=3),
    Column("Priority", 8, 0, drop=2),
    Column("Time left", 14, 0, drop=1),
    Column("Waiting", 8, 0, drop=4),
    Column("Picked by", 10, 1, drop=5),
), _select, _filters, _row)
