"""Lists of records, a window at a time: keyset pages over (sort_name, id).

A row is a plain tuple ``(id, sort_name, state, *cells)``: cheap to keep many of,
and the first two items are its keyset key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from peewee import JOIN, Tuple, fn

from crm_tui.models import ACTIVE, Account, Contact, User
from crm_tui.models.db import is_sqlite
from crm_tui.services.fields import sort_key

Key = tuple[str, int]
Row = tuple
LAST_CHAR = "\U0010ffff"


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # the least it is given
    flex: int = 0  # share of the spare width
    drop: int = 0  # when the list is too narrow for all, the highest goes first


# Minimum widths fit every column in an 80-column terminal beside the sidebar.
ACCOUNT_COLUMNS = (
    Column("Account name", 17, 4),
    Column("City", 8, 1, drop=3),
    Column("Phone", 15, drop=2),
    Column("Primary contact", 12, 2, drop=1),
    Column("Owner", 8, 1, drop=4),
)
CONTACT_COLUMNS = (
    Column("Full name", 16, 3),
    Column("Account", 14, 3, drop=1),
    Column("Job title", 14, 2, drop=4),
    Column("Email", 18, 3, drop=3),
    Column("Phone", 15, drop=2),
    Column("Owner", 10, 1, drop=5),
)


@dataclass(frozen=True)
class ListQuery:
    """Which rows a list shows: a record type, a state, an optional owner account, a find text."""

    record_type: str
    state: str | None = ACTIVE  # None: active and inactive
    account_id: int | None = None  # accounts: sub-accounts of it; contacts: its contacts
    find: str = ""

    def finding(self, text: str) -> "ListQuery":
        return replace(self, find=text)


def key_of(row: Row) -> Key:
    """The keyset key of a row."""
    return (row[1], row[0])


def columns(record_type: str) -> tuple[Column, ...]:
    return ACCOUNT_COLUMNS if record_type == "account" else CONTACT_COLUMNS


def _name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last) if p)


def _model(query: ListQuery):
    if query.record_type == "account":
        return Account
    if query.record_type == "contact":
        return Contact
    raise ValueError(f"Unknown record type {query.record_type!r}")


def _filters(query: ListQuery, model) -> list:
    """The WHERE terms of a list, on the model's own columns only (so counts need no joins)."""
    terms = []
    if query.account_id is not None:
        terms.append((Account.parent if model is Account else Contact.parent_customer) == query.account_id)
    if query.state is not None:
        terms.append(model.state == query.state)
    prefix = sort_key(query.find)
    if prefix:
        if is_sqlite():  # a range on the casefolded key keeps the index in use
            terms.append((model.sort_name >= prefix) & (model.sort_name < prefix + LAST_CHAR))
        else:
            terms.append(model.sort_name.startswith(prefix))
    return terms


def _base(query: ListQuery):
    """The select with its display joins, filtered but not yet ordered or limited."""
    model = _model(query)
    if model is Account:
        primary = Contact.alias()
        select = (
            Account.select(Account.id, Account.sort_name, Account.state, Account.name, Account.city,
                           Account.phone, primary.first_name, primary.last_name, User.display_name)
            .join(primary, JOIN.LEFT_OUTER, on=(Account.primary_contact == primary.id))
            .switch(Account)
            .join(User, on=(Account.owner == User.id))
        )
    else:
        select = (
            Contact.select(Contact.id, Contact.sort_name, Contact.state, Contact.first_name, Contact.last_name,
                           Account.name, Contact.job_title, Contact.email, Contact.business_phone,
                           Contact.mobile_phone, User.display_name)
            .join(Account, JOIN.LEFT_OUTER, on=(Contact.parent_customer == Account.id))
            .switch(Contact)
            .join(User, on=(Contact.owner == User.id))
        )
    terms = _filters(query, model)
    return (select.where(*terms) if terms else select), model


def _keys(query: ListQuery):
    """The list's keys alone: answered from the (state, sort_name, id) index."""
    model = _model(query)
    terms = _filters(query, model)
    select = model.select(model.sort_name, model.id)
    return (select.where(*terms) if terms else select), model


def _shape(record_type: str, raw: tuple) -> Row:
    """A database tuple as a list row: key, state, then display cells."""
    if record_type == "account":
        rid, key, state, name, city, phone, pfirst, plast, owner = raw
        return (rid, key, state, name, city or "", phone or "", _name(pfirst, plast), owner)
    rid, key, state, first, last, account, title, email, phone, mobile, owner = raw
    return (rid, key, state, _name(first, last), account or "", title or "", email or "",
            phone or mobile or "", owner)


def count(query: ListQuery) -> int:
    select, model = _keys(query)
    return select.select(fn.COUNT(model.id)).order_by().scalar() or 0


def page(query: ListQuery, after: Key | None = None, limit: int = 50, before: Key | None = None) -> list[Row]:
    """Rows after a key (or the first ones); with before=, the rows just before a key.

    before=() (an empty key) asks for the last rows of the list.
    """
    select, model = _base(query)
    key = Tuple(model.sort_name, model.id)
    if before is not None:
        if before:
            select = select.where(key < Tuple(*before))
        select = select.order_by(model.sort_name.desc(), model.id.desc()).limit(limit)
        rows = [_shape(query.record_type, r) for r in select.tuples()]
        rows.reverse()
        return rows
    if after is not None:
        select = select.where(key > Tuple(*after))
    select = select.order_by(model.sort_name, model.id).limit(limit)
    return [_shape(query.record_type, r) for r in select.tuples()]


def rows_by_id(query: ListQuery, ids: list[int]) -> list[Row]:
    """The rows of these records, if the list shows them."""
    select, model = _base(query)
    return [_shape(query.record_type, r) for r in select.where(model.id.in_(ids)).tuples()]


def page_at(query: ListQuery, offset: int, limit: int = 50) -> list[Row]:
    """Rows from a position: only for a jump far from anything loaded (e.g. a scrollbar drag).

    The OFFSET walks the key index alone; the page itself is then a keyset read.
    """
    keys, model = _keys(query)
    start = keys.order_by(model.sort_name, model.id).offset(max(0, offset)).limit(1).tuples().first()
    if start is None:
        return []
    select, model = _base(query)
    select = select.where(Tuple(model.sort_name, model.id) >= Tuple(*start))
    return [_shape(query.record_type, r) for r in select.order_by(model.sort_name, model.id).limit(limit).tuples()]


def position(query: ListQuery, key: Key) -> int:
    """How many rows come before a key: where a record sits in the list."""
    select, model = _keys(query)
    return select.select(fn.COUNT(model.id)).where(Tuple(model.sort_name, model.id) < Tuple(*key)).order_by().scalar() or 0
