"""What a list is made of: its query, its columns, and the source that reads it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable

# Plain Python, like fields and record_types: the list's first frame is drawn from these
# before the database layer has been imported.

Key = tuple[Any, int]


class Row(tuple):
    """One row of a list: (id, key, state, open_as, *cells), read by name. Still a tuple (rows
    are compared, sliced and pickled to the first frame as tuples), made at page-size counts."""

    __slots__ = ()

    def __new__(cls, id: int, key: Any, state: str, open_as: str, *cells: Any) -> Row:
        return tuple.__new__(cls, (id, key, state, open_as, *cells))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    @property
    def id(self) -> int:
        return self[0]

    @property
    def key(self) -> Any:
        """The sort value the keyset pages by (with the id)."""
        return self[1]

    @property
    def state(self) -> str:
        return self[2]

    @property
    def open_as(self) -> str:
        """The record type enter opens (an entry's kind on a timeline)."""
        return self[3]

    @property
    def cells(self) -> tuple:
        return self[4:]
LAST_CHAR = "\U0010ffff"


class Fit(tuple):
    """A cell's text in forms from longest to shortest: a list shows the longest that fits its
    column (a date with its year and time, or the day alone) instead of cutting one."""

    def __new__(cls, *forms: str):
        return super().__new__(cls, forms)

    def __str__(self) -> str:
        return self[0] if self else ""


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # the least it is given
    flex: int = 0  # share of the spare width
    drop: int = 0  # when the list is too narrow for all, the highest goes first


@dataclass(frozen=True)
class TimelineFilter:
    """The timeline's own filter: whose entries it lists, and which of them."""

    regarding: tuple[str, int]  # whose: (record type, id)
    rollup: bool = False  # an account's: its contacts', deals' and cases' entries too
    kinds: tuple[str, ...] = ()  # only these kinds (empty: all)
    status: str | None = None  # "open" or "closed" (None: all)
    date_from: dt.date | None = None  # entries on or after this local date
    date_to: dt.date | None = None  # ... and on or before this one

    def cleared(self) -> "TimelineFilter":
        """The same record's entries, every kind, status and date."""
        return TimelineFilter(self.regarding, self.rollup)


@dataclass(frozen=True)
class ListQuery:
    """Which rows a list shows: what every list may be narrowed by, plus the source's own typed
    filter (Source.filter_type) where it has one."""

    record_type: str  # the list source: a record type's key, or pipeline, timeline, case_queue...
    state: str | None = "active"  # the records' state (active, open, won...); None: every state
    find: str = ""  # the start of the name (a case's number too)
    owner_id: int | None = None  # whose (None: everyone's)
    account_id: int | None = None  # a customer's: an account's sub-accounts, contacts, deals, cases
    contact_id: int | None = None  # a contact's deals and cases (as their customer or their contact)
    linked: tuple[str, int] | None = None  # the records whose link field (name) points at this id
    exclude_id: int | None = None  # all but this record (a customer's other cases)
    narrowed: tuple[tuple[str, str], ...] = ()  # (field, value) pairs it must equal: f's choices, a stage
    view: Any = None  # a personal view (view_spec.ViewSpec): its conditions, sort and columns
    filter: Any = None  # the source's own filter: the timeline's TimelineFilter
    today: dt.date | None = field(default=None, compare=False)  # my_activities: for Overdue/Today labels

    def finding(self, text: str) -> "ListQuery":
        return replace(self, find=text)

    def narrowing(self, values: dict[str, str | None]) -> "ListQuery":
        """Narrowed to these field values (a None or empty value narrows nothing)."""
        return replace(self, narrowed=tuple(sorted((name, value) for name, value in values.items() if value)))

    def narrowed_to(self, name: str) -> str | None:
        return dict(self.narrowed).get(name)

    def filtering(self, **changes: Any) -> "ListQuery":
        """The same list with its typed filter changed (the timeline's kinds, dates, roll-up)."""
        return replace(self, filter=replace(self.filter, **changes))


def timeline_of(regarding: tuple[str, int], rollup: bool | None = None) -> ListQuery:
    """A record's timeline; an account's rolls up its contacts' history unless told otherwise."""
    rolled = regarding[0] == "account" if rollup is None else rollup
    return ListQuery("timeline", filter=TimelineFilter(regarding, rolled))


@dataclass(frozen=True)
class Source:
    model: type
    sort_field: Any
    descending: bool
    columns: tuple[Column, ...]
    select: Callable[[], Any]  # the select with the joins its cells need
    filters: Callable[[ListQuery], list]  # its own terms; listing adds what every list may be narrowed by
    shape: Callable[[ListQuery, tuple], Row]
    joined: Callable[[Any], Any] | None = None  # adds the joins its sort and filters need (views)
    columns_for: Callable[[ListQuery], tuple[Column, ...]] | None = None  # columns that follow the query
    record_type: str = ""  # the record type its rows are: its columns take the organisation's field labels
    # What a page's rows need read beside them (the timeline's "regarding" names, one read per
    # record type): the rows as read -> the rows as shape takes them.
    annotate: Callable[[list[tuple]], list[tuple]] | None = None
    filter_type: type | None = None  # the typed filter its queries carry (ListQuery.filter), if any


@dataclass(frozen=True)
class FirstPage:
    """A list's count, columns and first rows, read ahead so its first frame can show them."""

    query: ListQuery
    total: int
    columns: tuple[Column, ...]
    rows: list[Row]


def key_of(row: Row) -> Key:
    """The keyset key of a row."""
    return (row.key, row.id)


def person_name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last) if p)


def status_cell(state: str, reason: str, open_state: str, state_names: dict[str, str]) -> str:
    """Open ones by their reason alone (New, On Hold); closed ones say how (Lost · Out-Sold)."""
    if state == open_state:
        return reason
    name = state_names.get(state, state.title())
    return name if reason == name else f"{name} · {reason}"


def customer_cell(raw: tuple) -> str:
    """A row's customer, selected as (account name, person's first, last) at raw[4:7]."""
    return raw[4] or person_name(raw[5], raw[6])
