"""Teams and queues: where cases and activities wait for someone to work on them.

A queue is a team's (its members work it), one user's own, or everyone's. A case or an
activity is in at most one queue at a time; routing it to another moves it. Picking an item
assigns it to the user and marks them working on it: one conditional UPDATE (only while nobody
has it), so of two people picking the same item at once one gets it and the other is told — on
SQLite and PostgreSQL alike. `next` picks the most urgent item the user may work on: priority
first, then the earliest deadline (a case's resolve-by, an activity's due time), then age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from crm_tui.core.types import definition, is_activity
from crm_tui.core.types.case import PRIORITIES, case_number
from crm_tui.models import Activity, Case, User, database, utcnow
from crm_tui.models.queue import Queue, QueueItem, QueueRule, Team
from crm_tui.services import audit, timeline
from crm_tui.services.errors import NotFoundError, ServiceError, ValidationError
from crm_tui.services.records import relink
from crm_tui.services.registry import service
from crm_tui.services.teams import clean_name, team, teams_of

RANK = 10_000_000_000  # urgency = priority * RANK + the deadline's seconds since 1970
QUEUE_SPAN = 100_000_000_000  # rank = queue id * QUEUE_SPAN + urgency: a queue's items side by side, in
# order, so a page after a (rank, id) key reads on from it in the (rank, id) index (PostgreSQL cannot
# combine "this queue" with a keyset over the columns after it in one index condition)
NEXT_TRIES = 20  # items tried in turn when colleagues pick the same ones first


class AlreadyPicked(ServiceError):
    """Someone picked the item first: nothing was changed."""


@dataclass(frozen=True)
class QueueInfo:
    id: int
    name: str
    whose: str  # "team Service desk", "Ann's own", "everyone"
    waiting: int  # items nobody has picked
    picked: int


@dataclass(frozen=True)
class Item:
    id: int
    queue: str
    record_type: str
    record_id: int
    title: str
    priority: str
    deadline: dt.datetime | None  # UTC: a case's resolve-by, an activity's due time
    entered_on: dt.datetime
    worked_by: str  # "" while nobody has it

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "queue": self.queue, "record_type": self.record_type, "record_id": self.record_id,
                "title": self.title, "priority": self.priority,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "entered_on": self.entered_on.isoformat(), "worked_by": self.worked_by or None}


# -- queues ----------------------------------------------------------------------------------------
def create_queue(name: str, team_name: str | int | None = None, owner_id: int | None = None) -> Queue:
    name = clean_name(name, "queue")
    if Queue.select().where(fn.LOWER(Queue.name) == name.lower()).exists():
        raise ValidationError({"name": f"A queue is already called {name}"})
    if team_name is not None and owner_id is not None:
        raise ValidationError({"": "A queue is a team's or one person's, not both"})
    return Queue.create(name=name, team=team(team_name).id if team_name is not None else None, owner=owner_id)


def queue(name_or_id: str | int) -> Queue:
    found = (Queue.get_or_none(Queue.id == int(name_or_id)) if str(name_or_id).isdigit()
             else Queue.get_or_none(fn.LOWER(Queue.name) == str(name_or_id).strip().lower()))
    if found is None:
        raise NotFoundError(f"no queue {name_or_id}")
    return found


def _workable(user_id: int):
    """The queues a user may work: everyone's, their own, their teams'."""
    return ((Queue.team.is_null() & Queue.owner.is_null()) | (Queue.owner == user_id)
            | Queue.team.in_(teams_of(user_id) or [-1]))


def may_work(user_id: int, queue_id: int) -> bool:
    return Queue.select().where((Queue.id == queue_id) & _workable(user_id)).exists()


def queues(user_id: int | None = None) -> list[QueueInfo]:
    """The queues (those the user may work, if given), with how many wait and how many are picked."""
    query = Queue.select(Queue.id, Queue.name, Team.name, User.display_name).join(
        Team, JOIN.LEFT_OUTER, on=(Queue.team == Team.id)).switch(Queue).join(
        User, JOIN.LEFT_OUTER, on=(Queue.owner == User.id)).order_by(Queue.name)
    if user_id is not None:
        query = query.where(_workable(user_id))
    counts: dict[int, list[int]] = {}
    for queue_id, picked, count in (QueueItem.select(QueueItem.queue, QueueItem.worked_by.is_null(False),
                                                     fn.COUNT(QueueItem.id))
                                    .group_by(QueueItem.queue, QueueItem.worked_by.is_null(False)).tuples()):
        counts.setdefault(queue_id, [0, 0])[1 if picked else 0] += count
    found = []
    for qid, name, team_name, owner in query.tuples():
        whose = f"team {team_name}" if team_name else f"{owner}'s own" if owner else "everyone"
        waiting, picked = counts.get(qid, [0, 0])
        found.append(QueueInfo(qid, name, whose, waiting, picked))
    return found


def with_records(select):
    """A select of queue items joined to the case or activity each is, for its title, priority
    and deadline. Every item is open work: a case or an activity leaves its queue as it closes
    (RecordService._bump), so counting or choosing items needs no join at all."""
    return (select.join(Case, JOIN.LEFT_OUTER, on=((QueueItem.record_type == "case") & (Case.id == QueueItem.record_id)))
            .switch(QueueItem)
            .join(Activity, JOIN.LEFT_OUTER, on=((QueueItem.record_type != "case")
                                                 & (Activity.id == QueueItem.record_id)))
            .switch(QueueItem))


# -- routing, picking, releasing -------------------------------------------------------------------
def _rank(record_type: str, record_id: int, queue_id: int) -> int:
    """Within the queue: priority first (High before Normal before Low), then the earliest
    deadline, then age."""
    if record_type != "case" and not is_activity(record_type):
        raise ValidationError({"": f"Cases and activities wait in queues, not {definition(record_type).plural}"})
    svc = service(record_type)
    model = svc.model
    deadline_of = Case.resolve_by if record_type == "case" else Activity.due_at
    row = (model.select(model.priority, deadline_of, model.created_on, model.state)
           .where(model.id == record_id).tuples().first())
    if row is None:
        raise NotFoundError(f"{definition(record_type).singular} {record_id} does not exist (any more)")
    priority, deadline, created, state = row
    if state not in svc.open_states:
        raise ValidationError({"": f"This {definition(record_type).singular.lower()} is closed: "
                                   "only open work waits in a queue"})
    level = PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)
    when = deadline or created
    return queue_id * QUEUE_SPAN + level * RANK + int(when.replace(tzinfo=dt.timezone.utc).timestamp())


def _record_label(record_type: str, record_id: int) -> str:
    return timeline.label(record_type, record_id) or f"{record_type} {record_id}"


def route(actor: User, record_type: str, record_id: int, to_queue: str | int) -> QueueItem:
    """Put a case or an activity in a queue, or move it there from the one it is in (unpicked)."""
    target = queue(to_queue)
    rank = _rank(record_type, record_id, target.id)
    with database.atomic():
        item = QueueItem.get_or_none((QueueItem.record_type == record_type) & (QueueItem.record_id == record_id))
        before = Queue.get_by_id(item.queue_id).name if item else None
        if item is None:
            item = QueueItem.create(queue=target.id, record_type=record_type, record_id=record_id, rank=rank)
        elif item.queue_id != target.id:
            QueueItem.update(queue=target.id, rank=rank, worked_by=None, worked_on=None, entered_on=utcnow()).where(
                QueueItem.id == item.id).execute()
        audit.record(actor, _audited_as(record_type), record_id, "routed", {"queue": (before, target.name)})
    return QueueItem.get_by_id(item.id)


def _audited_as(record_type: str) -> str:
    return "activity" if is_activity(record_type) else record_type


def item(item_id: int) -> QueueItem:
    found = QueueItem.get_or_none(QueueItem.id == item_id)
    if found is None:
        raise NotFoundError(f"no queue item {item_id}")
    return found


def route_item(actor: User, item_id: int, to_queue: str | int) -> QueueItem:
    found = item(item_id)
    return route(actor, found.record_type, found.record_id, to_queue)


def pick(actor: User, item_id: int) -> Item:
    """Take an item: it is assigned to the user, who is now working on it. AlreadyPicked when
    someone has it (nothing changed)."""
    found = item(item_id)
    if not may_work(actor.id, found.queue_id):
        raise ValidationError({"": f"{Queue.get_by_id(found.queue_id).name} is not a queue you work"})
    with database.atomic():
        taken = QueueItem.update(worked_by=actor.id, worked_on=utcnow()).where(
            (QueueItem.id == item_id) & QueueItem.worked_by.is_null()).execute()
        if not taken:
            holder = QueueItem.select(User.display_name).join(User, on=(QueueItem.worked_by == User.id)).where(
                QueueItem.id == item_id).tuples().first()
            raise AlreadyPicked(f"{holder[0] if holder else 'Someone'} picked it first")
        _assign(actor, found.record_type, found.record_id)
        audit.record(actor, _audited_as(found.record_type), found.record_id, "picked",
                     {"worked by": (None, actor.display_name)})
    return describe(item_id)


def _assign(actor: User, record_type: str, record_id: int) -> None:
    """The picked record is the user's now: its owner, audited, its version bumped."""
    svc = service(record_type)
    record = svc.model.get_or_none(svc.model.id == record_id)
    if record is not None and record.owner_id != actor.id:
        was = User.get_or_none(User.id == record.owner_id)
        relink(actor, svc.model, "owner", [record_id], record.owner_id, actor.id,
               was.display_name if was else "", actor.display_name)


def release(actor: User, item_id: int) -> Item:
    """Give a picked item back to its queue (the record keeps its owner)."""
    found = item(item_id)
    with database.atomic():
        QueueItem.update(worked_by=None, worked_on=None).where(QueueItem.id == item_id).execute()
        was = User.get_or_none(User.id == found.worked_by_id) if found.worked_by_id else None
        audit.record(actor, _audited_as(found.record_type), found.record_id, "released",
                     {"worked by": (was.display_name if was else None, None)})
    return describe(item_id)


def next_item(actor: User, queue_name: str | int) -> Item | None:
    """Pick the most urgent item nobody has in the queue; None when none waits. A colleague
    picking the same one first: the next one is tried."""
    target = queue(queue_name)
    if not may_work(actor.id, target.id):
        raise ValidationError({"": f"{target.name} is not a queue you work"})
    for _ in range(NEXT_TRIES):
        candidates = [row[0] for row in QueueItem.select(QueueItem.id).where(
            (QueueItem.queue == target.id) & QueueItem.worked_by.is_null()).order_by(
            QueueItem.rank, QueueItem.id).limit(5).tuples()]
        if not candidates:
            return None
        for item_id in candidates:
            try:
                return pick(actor, item_id)
            except AlreadyPicked:
                continue
    return None


# -- reading ---------------------------------------------------------------------------------------
def describe(item_id: int) -> Item:
    found = items(item_ids=[item_id])
    if not found:
        raise NotFoundError(f"no queue item {item_id}")
    return found[0]


def items(queue_name: str | int | None = None, item_ids: list[int] | None = None, limit: int = 1000,
          include_picked: bool = True) -> list[Item]:
    """A queue's open items, the most urgent first."""
    query = with_records(QueueItem.select(QueueItem.id, Queue.name, QueueItem.record_type, QueueItem.record_id,
                                          fn.COALESCE(Case.title, Activity.subject),
                                          fn.COALESCE(Case.priority, Activity.priority),
                                          fn.COALESCE(Case.resolve_by, Activity.due_at), QueueItem.entered_on,
                                          User.display_name)).join(
        Queue, on=(QueueItem.queue == Queue.id)).switch(QueueItem).join(
        User, JOIN.LEFT_OUTER, on=(QueueItem.worked_by == User.id))
    if queue_name is not None:
        query = query.where(QueueItem.queue == queue(queue_name).id)
    if item_ids is not None:
        query = query.where(QueueItem.id.in_(item_ids))
    if not include_picked:
        query = query.where(QueueItem.worked_by.is_null())
    found = []
    for iid, qname, kind, rid, title, priority, deadline, entered, worker in (
            query.order_by(QueueItem.rank, QueueItem.id).limit(limit).tuples()):
        shown = f"{case_number(rid)} {title}" if kind == "case" else title
        found.append(Item(iid, qname, kind, rid, shown or "", priority or "", deadline, entered, worker or ""))
    return found


def items_worked_by(user_id: int, limit: int = 20) -> list[Item]:
    """The open items a user picked, the most urgent first."""
    ids = [row[0] for row in QueueItem.select(QueueItem.id).where(QueueItem.worked_by == user_id)
           .order_by(QueueItem.rank, QueueItem.id).limit(limit).tuples()]
    return items(item_ids=ids) if ids else []


# -- routing rules ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    id: int
    queue: str
    record_type: str
    priority: str  # "" : any
    origin: str  # "" : any


def add_rule(queue_name: str | int, record_type: str, priority: str | None = None, origin: str | None = None) -> Rule:
    """New work of this type (and priority, and origin) goes to the queue; rules are tried in the
    order they were made."""
    target = queue(queue_name)
    if record_type != "case" and not is_activity(record_type):
        raise ValidationError({"record_type": "Cases and kinds of activity are routed (case, task, phone_call...)"})
    if priority and priority not in PRIORITIES:
        raise ValidationError({"priority": f"One of {', '.join(PRIORITIES)}"})
    if origin:
        choices = definition("case").field("origin").choices
        if record_type != "case" or origin not in choices:
            raise ValidationError({"origin": f"A case's origin, one of {', '.join(choices)}"})
    made = QueueRule.create(queue=target.id, record_type=record_type, priority=priority or None, origin=origin or None)
    return next(r for r in rules() if r.id == made.id)


def rules() -> list[Rule]:
    return [Rule(rid, name, kind, priority or "", origin or "") for rid, name, kind, priority, origin in
            QueueRule.select(QueueRule.id, Queue.name, QueueRule.record_type, QueueRule.priority, QueueRule.origin)
            .join(Queue).order_by(QueueRule.id).tuples()]


def delete_rule(rule_id: int) -> None:
    if not QueueRule.delete().where(QueueRule.id == rule_id).execute():
        raise NotFoundError(f"no routing rule {rule_id}")


def route_by_rules(actor: User, record_type: str, record_id: int, priority: str | None,
                   origin: str | None = None) -> QueueItem | None:
    """New work routed by the first rule that fits it, if any (in the caller's transaction)."""
    for rid, queue_id in (QueueRule.select(QueueRule.id, QueueRule.queue)
                          .where((QueueRule.record_type == record_type)
                                 & (QueueRule.priority.is_null() | (QueueRule.priority == priority))
                                 & (QueueRule.origin.is_null() | (QueueRule.origin == origin)))
                          .order_by(QueueRule.id).limit(1).tuples()):
        return route(actor, record_type, record_id, queue_id)
    return None
