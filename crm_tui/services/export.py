"""Export a list or a view as the user sees it — its filter, sort and columns — to CSV or JSON.

The rows are the list's own: its query walked a keyset page at a time, so an export has every
row in the order the list shows them, whatever its size. The columns are fields, read through the
views' engine: a personal view's own columns, or for a system list the fields a new view of the
record type starts with (what the list shows, as fields). Values are written as data, not as the
list draws them: dates and times in ISO 8601 (a time in the user's zone, with its offset),
amounts as plain decimals to the cent, a link as the linked record's name; the record's id comes
first, so an export can be matched back to its records.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

from crm_tui.core.fields import DATE, DATETIME, DURATION, INTEGER, MONEY, PERCENT, QUANTITY, FieldSpec
from crm_tui.core.list_types import ListQuery
from crm_tui.core.types import record_type
from crm_tui.services import listing, system_views, views
from crm_tui.services.errors import ServiceError
from crm_tui.services.files import replaced_whole
from crm_tui.services.view_spec import STATUS, ViewSpec, default_spec, view_field, view_fields

FORMATS = ("csv", "json")
NUMBER_KINDS = (INTEGER, PERCENT, QUANTITY, DURATION)
CENT = Decimal("0.01")


class ExportError(ServiceError):
    """An export that cannot be made (an unknown view or format, a path that cannot be written)."""


@dataclass(frozen=True)
class Exported:
    rows: int
    path: Path | None  # None: written to the stream given


def _formatter(rt_key: str, spec: FieldSpec) -> Callable[[Any], Any]:
    """A value as data: JSON-ready (CSV writes it as text)."""
    if spec is STATUS:
        rt = record_type(rt_key)
        return lambda v: None if v is None else rt.state(v).label
    if spec.kind == DATETIME:
        def when(v):
            if v is None:
                return None
            if isinstance(v, str):  # SQLite hands an expression's time back as text
                v = dt.datetime.fromisoformat(v)
            return v.replace(tzinfo=dt.timezone.utc).astimezone().isoformat(timespec="seconds")
        return when
    if spec.kind == DATE:
        return lambda v: None if v is None else (v[:10] if isinstance(v, str) else v.isoformat())
    if spec.kind == MONEY:  # to the cent, as entered (SQLite gives 272500 back for 272500.00)
        return lambda v: None if v is None else f"{Decimal(v).quantize(CENT):f}"
    if spec.kind in NUMBER_KINDS:
        return lambda v: None if v is None else int(v)
    return lambda v: None if v in (None, "") else v


@dataclass(frozen=True)
class Shown:
    """A list as the user sees it: its rows, in its order (query), written with these fields
    (columns: a personal view's own, or the fields a new view of the record type starts with)."""

    name: str
    query: ListQuery
    columns: ViewSpec
    system: system_views.SystemView | None = None  # the system view it is, when it was asked for by one

    @classmethod
    def of_view(cls, spec: ViewSpec, find: str = "") -> "Shown":
        return cls(spec.name, ListQuery(spec.record_type, state=None, find=find, view=spec), spec)

    @classmethod
    def of_list(cls, name: str, query: ListQuery, system: system_views.SystemView | None = None) -> "Shown":
        """A system list (Active Accounts, the case queue, Open Leads narrowed to Hot...)."""
        return cls(name, query, default_spec(listing.record_type_of(query)), system)


def shown(record_type_key: str, actor, view_name: str | None = None) -> Shown:
    """What an export of a record type writes: one of the user's own views by name, else a system
    view by its title ("Active Accounts", "My Open Leads", "All Cases"), else the type's first list."""
    rt = record_type(record_type_key)
    listed = system_views.system_views(record_type_key)
    if not view_name:
        return _system(record_type_key, listed[0], actor)
    wanted = view_name.strip().casefold()
    mine = views.personal_views(actor, record_type_key)
    for _view_id, spec in mine:
        if spec.name.casefold() == wanted:
            return Shown.of_view(spec)
    for view in listed:
        if view.title(record_type_key).casefold() == wanted:
            return _system(record_type_key, view, actor)
    known = [spec.name for _id, spec in mine] + [v.title(record_type_key) for v in listed]
    raise ExportError(f"No view of {rt.plural} is called “{view_name}”. There are: {', '.join(known)}")


def _system(record_type_key: str, view: system_views.SystemView, actor) -> Shown:
    return Shown.of_list(view.title(record_type_key), system_views.system_query(record_type_key, view, actor.id), view)


def _rows(what: Shown, chunk: int = 2000) -> Iterator[tuple[int, list]]:
    """(id, the columns' values as stored) of every row, in the list's order."""
    if what.query.view is what.columns:  # a personal view reads its columns with its rows
        for rid, _key, _state, *values in listing.walk(what.query):
            yield rid, values
        return
    # A system list: its own query gives the rows and their order (the case queue's by priority,
    # a find by case number); the views' engine reads the fields of each page of them.
    spec = what.columns
    fields_of = ListQuery(spec.record_type, state=None, view=ViewSpec(spec.record_type, spec.columns, spec.sort))
    for ids in listing.walk_ids(what.query, chunk):
        yield from _fields_of(fields_of, ids)


def _fields_of(query: ListQuery, ids: list[int]) -> Iterator[tuple[int, list]]:
    found = listing.raw_by_id(query, ids)
    for rid in ids:
        if rid in found:  # deleted between the two reads: left out
            yield rid, list(found[rid][3:])


def _data(what: Shown) -> tuple[list[FieldSpec], Iterator[list]]:
    """The columns' fields, and every row as data: [id, *values], in the list's order."""
    spec = what.columns
    fields = [view_field(spec.record_type, name) for name in spec.columns]
    formats = [_formatter(spec.record_type, f) for f in fields]
    rows = ([rid, *(shape(value) for shape, value in zip(formats, values))] for rid, values in _rows(what))
    return fields, rows


def table(what: Shown) -> tuple[list[str], list[list]]:
    """The header (the columns' labels) and every row as data, for a table on a terminal."""
    fields, rows = _data(what)
    return ["Id", *(f.label for f in fields)], list(rows)


def labels(record_type_key: str) -> dict[str, str]:
    """Every field a record is shown with, by name: its label in the organisation's words."""
    return {"id": "Id", **{f.name: f.label for f in view_fields(record_type_key)}}


def record(record_type_key: str, record_id: int) -> dict[str, Any] | None:
    """One record, every field as data (its id first), or None if there is none with that id."""
    fields = view_fields(record_type_key)
    spec = ViewSpec(record_type_key, tuple(f.name for f in fields), fields[0].name)
    found = listing.raw_by_id(ListQuery(record_type_key, state=None, view=spec), [record_id])
    if record_id not in found:
        return None
    values = found[record_id][3:]
    return {"id": record_id, **{f.name: _formatter(record_type_key, f)(v) for f, v in zip(fields, values)}}


def write(what: Shown, out: TextIO, fmt: str = "csv") -> int:
    """Every row of the list to out, in its order; the number of rows written."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format “{fmt}”: {' or '.join(FORMATS)}")
    fields, rows = _data(what)
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Id", *(f.label for f in fields)])
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
            count += 1
        return count
    names = ["id", *(f.name for f in fields)]
    out.write("[")
    for row in rows:
        out.write(("\n" if count == 0 else ",\n") + json.dumps(dict(zip(names, row)), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def suggested_file(title: str, today: dt.date | None = None) -> str:
    """A file name for an export of a list: its title and the day ("active-accounts-2026-12-06.csv")."""
    words = "".join(ch if ch.isalnum() else " " for ch in title.casefold()).split()
    return f"{'-'.join(words) or 'export'}-{(today or dt.date.today()).isoformat()}.csv"


def format_of(path: str | os.PathLike, asked: str | None = None) -> str:
    """The format asked for, else the one the file's name ends in (.json), else CSV."""
    if asked:
        return asked
    return "json" if str(path).lower().endswith(".json") else "csv"


def to_file(what: Shown, path: str | os.PathLike, fmt: str | None = None) -> Exported:
    """Write the list to path: whole or not at all, readable by its owner alone (customers' data)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"{target} is a folder: name the file to write")
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent} does not exist")
    fmt = format_of(target, fmt)
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format “{fmt}”: {' or '.join(FORMATS)}")
    try:
        with replaced_whole(target, "w", encoding="utf-8", newline="") as out:
            count = write(what, out, fmt)
    except OSError as error:  # a folder that refuses it, a full disk: nothing is left half-written
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
    return Exported(count, target)
