"""Appointments and tasks as iCalendar (RFC 5545), so a calendar program shows them.

An appointment is a VEVENT (its start, end, location), a task a VTODO (its due time, and when it
was completed); both carry the subject, the description, whom they are about and their status.
Each has a UID that never changes (`crm-tui-activity-ID`), so a calendar that reads the file
again updates the item instead of adding it twice. Written as one .ics file, or as a vdir (a
folder with one .ics an item, named by its UID, as vdirsyncer and khal keep them); each file is
written under a temporary name and moved into place, and items gone from the export are removed
from a vdir it wrote.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterator

import icalendar

from crm_tui import __version__
from crm_tui.core.types.activity import APPOINTMENT, CANCELED, COMPLETED, TASK
from crm_tui.models import Activity
from crm_tui.services import timeline
from crm_tui.services.errors import ServiceError
from crm_tui.services.files import replaced_whole

UID_PREFIX = "crm-tui-activity-"
READ_CHUNK = 2_000


class CalendarError(ServiceError):
    """A calendar that cannot be written where asked."""


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def _items(owner_id: int | None) -> Iterator[Activity]:
    """The appointments and tasks (of one owner, or everyone's), by id, a chunk at a time."""
    last = 0
    while True:
        query = Activity.select().where((Activity.kind.in_((APPOINTMENT, TASK))) & (Activity.id > last))
        if owner_id is not None:
            query = query.where(Activity.owner == owner_id)
        chunk = list(query.order_by(Activity.id).limit(READ_CHUNK))
        yield from chunk
        if len(chunk) < READ_CHUNK:
            return
        last = chunk[-1].id


def uid_of(activity_id: int) -> str:
    return f"{UID_PREFIX}{activity_id}"


def component(item: Activity, about: str) -> icalendar.cal.Component:
    """One appointment (VEVENT) or task (VTODO)."""
    entry = icalendar.Event() if item.kind == APPOINTMENT else icalendar.Todo()
    entry.add("uid", uid_of(item.id))
    entry.add("dtstamp", _utc(item.modified_on))
    entry.add("created", _utc(item.created_on))
    entry.add("last-modified", _utc(item.modified_on))
    entry.add("summary", item.subject)
    notes = "\n\n".join(part for part in (f"About: {about}" if about else "", item.description or "") if part)
    if notes:
        entry.add("description", notes)
    entry.add("priority", {"High": 1, "Normal": 5, "Low": 9}.get(item.priority, 0))
    if item.kind == APPOINTMENT:
        if item.start_at:
            entry.add("dtstart", _utc(item.start_at))
            entry.add("dtend", _utc(item.end_at or item.start_at))
        if item.location:
            entry.add("location", item.location)
        entry.add("status", "CANCELLED" if item.state == CANCELED else "CONFIRMED")
    else:
        if item.due_at:
            entry.add("due", _utc(item.due_at))
        entry.add("status", {COMPLETED: "COMPLETED", CANCELED: "CANCELLED"}.get(item.state, "NEEDS-ACTION"))
        if item.state == COMPLETED and item.completed_on:
            entry.add("completed", _utc(item.completed_on))
    return entry


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//crm-tui//crm-tui {__version__}//EN")
    calendar.add("version", "2.0")
    return calendar


def _with_names(items: Iterator[Activity]) -> Iterator[tuple[Activity, str]]:
    """Each item with the name of whom it is about, read one chunk at a time."""
    batch: list[Activity] = []

    def named(chunk):
        names = timeline.labels([(a.regarding_type, a.regarding_id) for a in chunk])
        return [(a, names.get((a.regarding_type, a.regarding_id), "")) for a in chunk]

    for item in items:
        batch.append(item)
        if len(batch) == READ_CHUNK:
            yield from named(batch)
            batch = []
    if batch:
        yield from named(batch)


def _write_whole(path: Path, data: bytes) -> None:
    with replaced_whole(path) as out:
        out.write(data)


def ics(owner_id: int | None) -> tuple[int, bytes]:
    """Every appointment and task (of owner_id, or everyone's) as one calendar: (how many, the .ics)."""
    calendar = _calendar()
    count = 0
    for item, about in _with_names(_items(owner_id)):
        calendar.add_component(component(item, about))
        count += 1
    return count, calendar.to_ical()


def write_ics(path: str | os.PathLike, owner_id: int | None) -> int:
    """Every appointment and task (of owner_id, or everyone's) to one .ics file; how many."""
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise CalendarError(f"{target.parent} does not exist")
    count, data = ics(owner_id)
    try:
        _write_whole(target, data)
    except OSError as error:
        raise CalendarError(f"cannot write {target}: {error.strerror or error}") from None
    return count


def write_vdir(folder: str | os.PathLike, owner_id: int | None) -> int:
    """Every appointment and task to a vdir: one UID.ics each, written whole; files of items no
    longer exported (deleted since) are removed. Files other than crm-tui's are left alone."""
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise CalendarError(f"{target} is a file, not a folder: name a folder for the vdir")
    target.mkdir(parents=True, exist_ok=True)
    written = set()
    try:
        for item, about in _with_names(_items(owner_id)):
            calendar = _calendar()
            calendar.add_component(component(item, about))
            name = f"{uid_of(item.id)}.ics"
            _write_whole(target / name, calendar.to_ical())
            written.add(name)
        for stale in target.glob(f"{UID_PREFIX}*.ics"):
            if stale.name not in written:
                stale.unlink()
    except OSError as error:
        raise CalendarError(f"cannot write in {target}: {error.strerror or error}") from None
    return len(written)
