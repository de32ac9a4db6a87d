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
class ListQuery:
    """Which rows a list shows. Each source reads the fields that concern it."""

    record_type: str  # account, contact, lead, opportunity, pipeline, timeline, my_activities
    state: str | None = "active"  # the records' state (active, open, won...); None: every state
    account_id: int | None = None  # accounts: sub-accounts of it; contacts, opportunities: its own
    contact_id: int | None = None  # opportunities: where the contact is the customer or the contact
    find: str = ""
    regarding: tuple[str, int] | None = None  # timeline: whose
    rollup: bool = False  # timeline of an account: its contacts' (and later more) too
    kinds: tuple[str, ...] = ()  # timeline: only these kinds (empty: all)
    status: str | None = None  # timeline: "open" or "closed" (None: all)
    date_from: dt.date | None = None  # timeline: entries on or after this local date
    date_to: dt.date | None = None  # ... and on or before this one
    owner_id: int | None = None  # my_activities, leads, opportunities, pipeline: whose (None: everyone's)
    source: str | None = None  # leads: only from this source
    rating: str | None = None  # leads: only of this rating
    stage: str | None = None  # pipeline: the sales stage
    priority: str | None = None  # cases: only of this priority
    origin: str | None = None  # cases: only from this origin
    parent_id: int | None = None  # cases: the children of this case
    entitlement_id: int | None = None  # cases: those using this entitlement
    exclude_id: int | None = None  # cases: all but this one (a customer's other cases)
    linked: tuple[str, int] | None = None  # any list: the records whose link field (name) points at this id
    view: Any = None  # a personal view (view_spec.ViewSpec): its conditions, sort and columns
    today: dt.date | None = field(default=None, compare=False)  # my_activities: for Overdue/Today labels

    def finding(self, text: str) -> "ListQuery":
        return replace(self, find=text)


@dataclass(frozen=True)
class Source:
    model: type
    sort_field: Any
    descending: bool
    columns: tuple[Column, ...]
    select: Callable[[], Any]  # the select with the joins its cells need
    filters: Callable[[ListQuery], list]
    shape: Callable[[ListQuery, tuple], Row]
    joined: Callable[[Any], Any] | None = None  # adds the joins its sort and filters need (views)
    columns_for: Callable[[ListQuery], tuple[Column, ...]] | None = None  # columns that follow the query
    record_type: str = ""  # the record type its rows are: its columns take the organisation's field labels
    # What a page's rows need read beside them (the timeline's "regarding" names, one read per
    # record type): the rows as read -> the rows as shape takes them.
    annotate: Callable[[list[tuple]], list[tuple]] | None = None


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
