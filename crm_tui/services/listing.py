"""Lists of records, a window at a time: keyset pages over (sort value, id).

A row is a plain tuple ``(id, sort value, state, open_as, *cells)``: cheap to keep many
of; the first two items are its keyset key and ``open_as`` is the record type enter opens.
Each kind of list is a ``Source``: its model, its sort column and direction, its joins,
its filters and its cells. Each domain registers its lists (services/customers/lists.py, ...);
the timeline and My activities are here: a timeline newest first, My activities by due date.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import replace
from functools import reduce
from typing import Iterator

from peewee import JOIN, Tuple, fn

from crm_tui.core.fields import local_day_bounds, to_local
from crm_tui.core.list_types import (
    Column,
    FirstPage,
    Fit,
    Key,
    ListQuery,
    Row,
    Source,
    TimelineFilter,
    key_of,
)
from crm_tui.core.types import is_record_type, record_type, singular
from crm_tui.core.types.activity import (
    CLOSED_STATES,
    KINDS,
    OPEN_STATES,
    STATE_LABELS,
)
from crm_tui.models import Activity, User
from crm_tui.models.db import fixed_limit, id_among, planned_for, planned_for_any
from crm_tui.services import timeline
from crm_tui.services.registry import SOURCES

__all__ = ["Column", "FirstPage", "Key", "ListQuery", "Row", "Source", "key_of"]

# -- the timeline and My activities -------------------------------------------------------------
def _activity_select():
    return (
        Activity.select(Activity.id, Activity.timeline_at, Activity.state, Activity.kind, Activity.subject,
                        Activity.status_reason, Activity.due_at, Activity.start_at, Activity.agenda_at,
                        User.display_name, Activity.regarding_type, Activity.regarding_id)
        .join(User, JOIN.LEFT_OUTER, on=(Activity.owner == User.id))
    )


def _with_regarding_names(raws: list[tuple]) -> list[tuple]:
    """Each entry with the name of whom it is about, read through the record types' services
    (one read per record type on the page) rather than a join per record type."""
    names = timeline.labels([(raw[10], raw[11]) for raw in raws])
    return [(*raw, names.get((raw[10], raw[11]), "")) for raw in raws]


def _timeline_filters(query: ListQuery) -> list:
    entries: TimelineFilter = query.filter
    record_type, record_id = entries.regarding
    if entries.rollup and record_type == "account":
        terms = [Activity.rollup_account == planned_for(record_id)]
    else:
        terms = [reduce(operator.or_, [
            (Activity.regarding_type == rtype) & (Activity.regarding_id == planned_for(ids) if isinstance(ids, int)
                                                  else Activity.regarding_id.in_(ids))
            for rtype, ids in timeline.scope(record_type, record_id)])]
    if entries.kinds:
        terms.append(Activity.kind.in_(entries.kinds))
    if entries.status == "open":
        terms.append(Activity.state.in_(OPEN_STATES))
    elif entries.status == "closed":
        terms.append(Activity.state.in_(CLOSED_STATES))
    if entries.date_from:
        terms.append(Activity.timeline_at >= local_day_bounds(entries.date_from)[0])
    if entries.date_to:
        terms.append(Activity.timeline_at < local_day_bounds(entries.date_to)[1])
    return terms


def _status_text(state: str, reason: str | None) -> str:
    label = STATE_LABELS.get(state, state)
    if not label:
        return ""
    return label if not reason or reason == label else f"{label} · {reason}"


def _regarding_text(raw: tuple) -> Fit:
    """Whom an entry is about: a lead, a deal or a case with its type first, when there is room."""
    rtype, name = raw[10], raw[12]
    if not name:  # gone, or a kind of record without a name
        return Fit(singular(rtype) if is_record_type(rtype) else rtype.title())
    if not timeline.typed(rtype):
        return Fit(name)
    return Fit(f"{singular(rtype)}: {name}", name)


def _status_fit(state: str, reason: str | None) -> Fit:
    """The state and its reason ("Completed · Made"), or the state alone where that is cut."""
    label = STATE_LABELS.get(state, state)
    full = _status_text(state, reason)
    return Fit(full, label) if full != label else Fit(label)


def when_text(at: dt.datetime | None, today: dt.date | None = None) -> Fit:
    """A time in a narrow column: the whole of it, or this year's day and time, or the day."""
    if at is None:
        return Fit("")
    local = to_local(at)
    today = today or dt.date.today()
    full = f"{local:%Y-%m-%d %H:%M}"
    if local.year == today.year:
        return Fit(full, f"{local:%b %d %H:%M}", f"{local:%b %d}")
    return Fit(full, f"{local:%Y-%m-%d}")


# The timeline's columns, each named by its cell; an account's rolled-up timeline puts whom an
# entry is about right after the subject and keeps it longer. The rows follow these orders.
TIMELINE_LAYOUT = {
    "subject": Column("Subject", 34, 4),
    "status": Column("Status", 9, 1, drop=3),
    "date": Column("Date", 10, 1, drop=1),
    "who": Column("Who", 10, 1, drop=4),
    "kind": Column("Kind", 11, 0, drop=5),
    "regarding": Column("Regarding", 12, 1, drop=6),
}
ROLLUP_LAYOUT = {
    "subject": TIMELINE_LAYOUT["subject"],
    "regarding": Column("About", 12, 2, drop=2),
    "status": TIMELINE_LAYOUT["status"],
    "date": TIMELINE_LAYOUT["date"],
    "who": replace(TIMELINE_LAYOUT["who"], drop=5),
    "kind": replace(TIMELINE_LAYOUT["kind"], drop=6),
}


def _timeline_layout(query: ListQuery) -> dict[str, Column]:
    return ROLLUP_LAYOUT if query.filter.rollup else TIMELINE_LAYOUT


def _timeline_row(query: ListQuery, raw: tuple) -> Row:
    rid, at, state, kind, subject, reason, _due, _start, _agenda, owner = raw[:10]
    info = KINDS[kind]
    cells = {"subject": f"{info.icon} {subject}", "status": _status_fit(state, reason),
             "date": when_text(at, query.today), "who": owner, "kind": info.singular,
             "regarding": _regarding_text(raw)}
    return Row(rid, at, state, kind, *(cells[name] for name in _timeline_layout(query)))


def _my_filters(query: ListQuery) -> list:
    return [Activity.owner == planned_for(query.owner_id), Activity.agenda_at.is_null(False)]


def _agenda_label(agenda: dt.datetime, today: dt.date) -> str:
    if agenda.year == 9999:
        return "No date"
    local = to_local(agenda)
    when = f"{local:%b %d %H:%M}" if local.year == today.year else f"{local:%Y-%m-%d %H:%M}"
    if local.date() < today or (local.date() == today and local < dt.datetime.now()):
        return f"Overdue · {when}"
    if local.date() == today:
        return f"Today · {local:%H:%M}"
    return when


def _my_row(query: ListQuery, raw: tuple) -> Row:
    rid, _at, state, kind, subject, reason, _due, _start, agenda, _owner = raw[:10]
    today = query.today or dt.date.today()
    info = KINDS[kind]
    return Row(rid, agenda, state, kind, _agenda_label(agenda, today), f"{info.icon} {info.singular}", subject,
            _regarding_text(raw), _status_fit(state, reason))


ACTIVITY_SOURCES: dict[str, Source] = {
    "timeline": Source(Activity, Activity.timeline_at, True, tuple(TIMELINE_LAYOUT.values()), _activity_select,
                       _timeline_filters, _timeline_row,
                       columns_for=lambda query: tuple(_timeline_layout(query).values()),
                       annotate=_with_regarding_names, filter_type=TimelineFilter),
    "my_activities": Source(Activity, Activity.agenda_at, False, (
        Column("Due", 22, 1),
        Column("Kind", 13, 0, drop=3),
        Column("Subject", 16, 4),
        Column("Regarding", 14, 2, drop=1),
        Column("Status", 12, 1, drop=2),
    ), _activity_select, _my_filters, _my_row, annotate=_with_regarding_names),
}


SOURCES.update(ACTIVITY_SOURCES)


def columns(query: ListQuery) -> tuple[Column, ...]:
    """A list's columns, titled with the organisation's field labels where a column is a field."""
    src = _source(query)
    found = src.columns_for(query) if src.columns_for else src.columns
    if not src.record_type or query.view is not None:
        return found
    rt = record_type(src.record_type)
    labels = {f.label: f.name for f in rt.default_fields}
    current = {f.name: f.label for f in rt.fields}
    return tuple(replace(c, title=current[labels[c.title]]) if c.title in labels else c for c in found)


def _source(query: ListQuery) -> Source:
    if query.view is not None:
        from crm_tui.services import view_source  # only lists showing a personal view need it

        return view_source.source(query.view)
    return SOURCES.of(query.record_type)


def _where(select, terms: list):
    return select.where(*terms) if terms else select


def _terms(src: Source, query: ListQuery) -> list:
    """The source's own filters, and what every list may be narrowed by."""
    wanted = src.filter_type
    if (query.filter is None) != (wanted is None) or (wanted is not None and not isinstance(query.filter, wanted)):
        raise ValueError(f"The {query.record_type} list takes {wanted.__name__ if wanted else 'no'} filter, "
                         f"not {type(query.filter).__name__}")
    terms = list(src.filters(query))
    if query.linked is not None:
        link, record_id = query.linked
        terms.append(getattr(src.model, link) == planned_for(record_id))
    if query.exclude_id is not None:
        terms.append(src.model.id != query.exclude_id)
    for name, value in query.narrowed:
        if name not in src.model._meta.fields:
            raise ValueError(f"The {query.record_type} list has no field {name!r} to narrow by")
        terms.append(src.model._meta.fields[name] == value)
    return terms


def _rows(src: Source, query: ListQuery, select) -> list[Row]:
    raws = list(select.tuples())
    if src.annotate is not None and raws:
        raws = src.annotate(raws)
    return [src.shape(query, raw) for raw in raws]


def _keys(query: ListQuery):
    """The list's keys alone: answered from the index, with no joins."""
    src = _source(query)
    select = src.model.select(src.sort_field, src.model.id)
    if src.joined is not None:
        select = src.joined(select)
    return _where(select, _terms(src, query)), src


def _order(src: Source, backwards: bool):
    descending = src.descending != backwards
    if descending:
        return (src.sort_field.desc(), src.model.id.desc())
    return (src.sort_field, src.model.id)


def _beyond(src: Source, key: Key, forward: bool, inclusive: bool = False):
    """Rows past a key in the list's own order (forward) or before it; inclusive keeps the key's row."""
    pair, bound = Tuple(src.sort_field, src.model.id), Tuple(*(planned_for_any(value) for value in key))
    if forward != src.descending:  # towards larger keys
        return pair >= bound if inclusive else pair > bound
    return pair <= bound if inclusive else pair < bound


def _after(src: Source, key: Key):
    return _beyond(src, key, forward=True)


def _before(src: Source, key: Key):
    return _beyond(src, key, forward=False)


def count(query: ListQuery) -> int:
    select, src = _keys(query)
    return select.select(fn.COUNT(src.model.id)).order_by().scalar() or 0


def page(query: ListQuery, after: Key | None = None, limit: int = 50, before: Key | None = None) -> list[Row]:
    """Rows after a key (or the first ones); with before=, the rows just before a key.

    before=() (an empty key) asks for the last rows of the list.
    """
    src = _source(query)
    select = _where(src.select(), _terms(src, query))
    if before is not None:
        if before:
            select = select.where(_before(src, before))
        rows = _rows(src, query, select.order_by(*_order(src, True)).limit(fixed_limit(limit)))
        rows.reverse()
        return rows
    if after is not None:
        select = select.where(_after(src, after))
    return _rows(src, query, select.order_by(*_order(src, False)).limit(fixed_limit(limit)))


def walk(query: ListQuery, chunk: int = 2000) -> Iterator[tuple]:
    """Every row of a list in its order, as read (id, sort value, state, cells as stored, not as
    drawn): an export's, a keyset page at a time, so memory stays flat on any list."""
    src = _source(query)
    base = _where(src.select(), _terms(src, query))
    after = None
    while True:
        select = base if after is None else base.where(_after(src, after))
        raws = list(select.order_by(*_order(src, False)).limit(chunk).tuples())
        yield from raws
        if len(raws) < chunk:
            return
        after = (raws[-1][1], raws[-1][0])


def walk_ids(query: ListQuery, chunk: int = 2000) -> Iterator[list[int]]:
    """The ids of a list's rows in its order, a page at a time, read from its key index alone."""
    keys, src = _keys(query)
    after = None
    while True:
        select = keys if after is None else keys.where(_after(src, after))
        pairs = list(select.order_by(*_order(src, False)).limit(chunk).tuples())
        if pairs:
            yield [rid for _key, rid in pairs]
        if len(pairs) < chunk:
            return
        after = pairs[-1]


def raw_by_id(query: ListQuery, ids: list[int]) -> dict[int, tuple]:
    """These records' rows as read (id, sort value, state, cells as stored), by id (thousands at a
    time for an export: models.db.id_among)."""
    src = _source(query)
    select = _where(src.select(), _terms(src, query)).where(id_among(src.model.id, ids))
    return {raw[0]: raw for raw in select.tuples()}


def record_type_of(query: ListQuery) -> str:
    """The record type a list's rows are ("case" for the case queue)."""
    return query.view.record_type if query.view is not None else _source(query).record_type


def rows_by_id(query: ListQuery, ids: list[int]) -> list[Row]:
    """The rows of these records, if the list shows them."""
    src = _source(query)
    select = _where(src.select(), _terms(src, query)).where(src.model.id.in_(ids))
    return _rows(src, query, select)


def first_page(query: ListQuery, limit: int = 50) -> FirstPage:
    return FirstPage(query, count(query), columns(query), page(query, limit=limit))


def page_at(query: ListQuery, offset: int, limit: int = 50) -> list[Row]:
    """Rows from a position: only for a jump far from anything loaded (e.g. a scrollbar drag).

    The OFFSET walks the key index alone; the page itself is then a keyset read.
    """
    keys, src = _keys(query)
    start = keys.order_by(*_order(src, False)).offset(max(0, offset)).limit(1).tuples().first()
    if start is None:
        return []
    select = _where(src.select(), _terms(src, query)).where(_beyond(src, start, forward=True, inclusive=True))
    return _rows(src, query, select.order_by(*_order(src, False)).limit(fixed_limit(limit)))


def position(query: ListQuery, key: Key) -> int:
    """How many rows come before a key: where a record sits in the list."""
    select, src = _keys(query)
    return select.select(fn.COUNT(src.model.id)).where(_before(src, key)).order_by().scalar() or 0
