"""Views of a list: the system's own (Active Accounts, My Open Opportunities..., defined in
system_views) and each user's saved personal views (their conditions, sort and columns, under
a name)."""

from __future__ import annotations

from peewee import IntegrityError

from crm_tui.core.fields import sort_key
from crm_tui.models import SavedView, User, database, utcnow
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.system_views import (  # noqa: F401 (re-exported: one module for every view)
    MY_ACTIVITIES,
    SYSTEM_VIEWS,
    SystemView,
    list_query,
    matching_view,
    system_query,
    system_views,
)
from crm_tui.services.view_spec import ViewSpec, validate

NAME_LENGTH = 100


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
