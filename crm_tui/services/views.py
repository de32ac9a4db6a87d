"""Views of a list: the system's own (Active Accounts, My Open Opportunities...) and each
user's saved personal views (their conditions, sort and columns, under a name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import IntegrityError

from crm_tui.models import SavedView, User, database, utcnow
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.fields import sort_key
from crm_tui.services.list_types import ListQuery
from crm_tui.services.record_types import record_type
from crm_tui.services.view_spec import ViewSpec, validate

MY_ACTIVITIES = "my_activities"  # the list of the user's own open activities (not a record type)
NAME_LENGTH = 100


@dataclass(frozen=True)
class SystemView:
    key: str
    name: str  # {plural} is the record type's configured plural
    state: str | None
    mine: bool = False
    sla_queue: bool = False  # cases nearing or past their SLA, most urgent first

    def title(self, record_type_key: str) -> str:
        if record_type_key == MY_ACTIVITIES:
            return self.name
        return self.name.format(plural=record_type(record_type_key).plural)


def _standard(open_state: str, open_name: str, *closed: tuple[str, str]) -> tuple[SystemView, ...]:
    return (SystemView(open_state, f"{open_name} {{plural}}", open_state),
            SystemView(f"my_{open_state}", f"My {open_name} {{plural}}", open_state, mine=True),
            *(SystemView(state, f"{name} {{plural}}", state) for state, name in closed),
            SystemView("all", "All {plural}", None))


_CASES = _standard("active", "Active", ("resolved", "Resolved"), ("cancelled", "Cancelled"))
SYSTEM_VIEWS: dict[str, tuple[SystemView, ...]] = {
    "account": _standard("active", "Active", ("inactive", "Inactive")),
    "contact": _standard("active", "Active", ("inactive", "Inactive")),
    "lead": _standard("open", "Open", ("qualified", "Qualified"), ("disqualified", "Disqualified")),
    "opportunity": _standard("open", "Open", ("won", "Won"), ("lost", "Lost")),
    "case": (*_CASES[:2], SystemView("sla", "{plural} nearing or past SLA", "active", sla_queue=True), *_CASES[2:]),
    "entitlement": _standard("active", "Active", ("draft", "Draft"), ("expired", "Expired"),
                             ("cancelled", "Cancelled")),
    "sla": (SystemView("active", "Active {plural}", "active"), SystemView("inactive", "Inactive {plural}", "inactive"),
            SystemView("all", "All {plural}", None)),
    MY_ACTIVITIES: (SystemView("mine", "My Activities", "open", mine=True),),
}


def system_views(record_type_key: str) -> tuple[SystemView, ...]:
    return SYSTEM_VIEWS[record_type_key]


def matching_view(record_type_key: str, state: str | None, mine: bool, sla_queue: bool) -> SystemView | None:
    """The system view a list's state, mine and SLA settings amount to, if one does."""
    for view in SYSTEM_VIEWS[record_type_key]:
        if (view.state, view.mine, view.sla_queue) == (state, mine, sla_queue):
            return view
    return None


def list_query(record_type_key: str, state: str | None, mine: bool, sla_queue: bool, actor_id: int,
               find: str = "", today: dt.date | None = None) -> ListQuery:
    """The rows a list shows for a record type in a state, mine or everyone's (what a system view is)."""
    if record_type_key == MY_ACTIVITIES:
        return ListQuery(MY_ACTIVITIES, owner_id=actor_id, today=today or dt.date.today())
    source = record_type_key
    if record_type_key == "case":  # cases open as a queue: by priority, oldest first
        source = "case_sla" if sla_queue else ("case_queue" if state == "active" and not find.strip() else "case")
    return ListQuery(source, state="active" if sla_queue else state, find=find,
                     owner_id=actor_id if mine else None)


def system_query(record_type_key: str, view: SystemView, actor_id: int, find: str = "") -> ListQuery:
    return list_query(record_type_key, view.state, view.mine, view.sla_queue, actor_id, find)


# -- personal views -----------------------------------------------------------------------------
def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError.single("name", "Give the view a name")
    if len(name) > NAME_LENGTH:
        raise ValidationError.single("name", f"At most {NAME_LENGTH} characters")
    return name


def _taken(name: str) -> ValidationError:
    return ValidationError.single("name", f"You already have a view called “{name}”")


def _spec(row: SavedView) -> ViewSpec:
    return ViewSpec.from_json(row.record_type, row.definition, row.name)


def personal_views(actor: User, record_type_key: str) -> list[tuple[int, ViewSpec]]:
    """The user's own views of a record type, by name."""
    rows = (SavedView.select().where(SavedView.owner == actor.id, SavedView.record_type == record_type_key)
            .order_by(SavedView.sort_name))
    return [(row.id, _spec(row)) for row in rows]


def get(actor: User, view_id: int) -> ViewSpec:
    return _spec(_own(actor, view_id))


def _own(actor: User, view_id: int) -> SavedView:
    row = SavedView.get_or_none((SavedView.id == view_id) & (SavedView.owner == actor.id))
    if row is None:
        raise NotFoundError("That view does not exist any more")
    return row


def save(actor: User, spec: ViewSpec, name: str, view_id: int | None = None) -> tuple[int, ViewSpec]:
    """Save a new view (view_id None) or replace one of the user's views; returns (id, view)."""
    name = _name(name)
    validate(spec)
    try:
        with database.atomic():
            if view_id is None:
                row = SavedView.create(owner=actor.id, record_type=spec.record_type, name=name,
                                       sort_name=sort_key(name), definition=spec.to_json())
            else:
                row = _own(actor, view_id)
                row.name, row.sort_name, row.definition = name, sort_key(name), spec.to_json()
                row.modified_on = utcnow()
                row.save()
    except IntegrityError:
        raise _taken(name) from None
    return row.id, _spec(row)


def rename(actor: User, view_id: int, name: str) -> ViewSpec:
    row = _own(actor, view_id)
    name = _name(name)
    try:
        with database.atomic():
            SavedView.update(name=name, sort_name=sort_key(name), modified_on=utcnow()).where(
                SavedView.id == row.id).execute()
    except IntegrityError:
        raise _taken(name) from None
    return get(actor, view_id)


def delete(actor: User, view_id: int) -> None:
    SavedView.delete().where(SavedView.id == _own(actor, view_id).id).execute()
